import sys

from tests.faultsite.server import main

sys.exit(main())
