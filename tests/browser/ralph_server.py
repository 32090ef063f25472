"""Run Ralph's LRS API (`ralph.api:app`) on its file-system backend, appending to its statements file.

Ralph 5.1.0's FS LRS backend writes its single statements file (`fs_lrs.jsonl`) with the data
backend's default operation type, CREATE, which refuses a file that exists: the first POST is
stored and every later one answers 500 ("already exists and overwrite is not allowed"). A
file-backed LRS has to append, so this launcher makes APPEND the backend's default and changes
nothing else: statement validation, ids, conflicts, authentication and queries are Ralph's own.

Usage: python ralph_server.py HOST PORT (configuration through Ralph's RALPH_* environment).
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

if __name__ == "__main__":
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
