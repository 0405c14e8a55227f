"""python -m annlib.data: fetch and check the four MNIST files now."""

import sys

from .mnist import main

sys.exit(main())
