"""Start Ralph's LRS API on loopback, run with Ralph's own Python (.lrs/bin/python).

Ralph's file-system backend creates its statements file on the first write and refuses later writes to the
same file; as an LRS it therefore accepts a single POST. This launcher makes that backend append instead,
then serves Ralph's real API (validation, authentication, storage, queries) unchanged.
usage: python tests/ralph_server.py PORT
"""
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
