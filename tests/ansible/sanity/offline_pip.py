"""Stands in for pip's bootstrap script inside ansible-test's sanity virtual environments.

ansible-test builds one virtual environment per sanity test and fills it with pip
from the network. The test suite never leaves 127.0.0.0/8, so instead this makes
each such environment see the packages of the Python that runs the tests (where
the project's test extra installed the sanity requirements) and gives it a pip
that installs nothing.
"""
import os
import sys
import sysconfig

# The test harness writes the site-packages path here when it installs this file.
SITE = "@SITE@"

purelib = sysconfig.get_paths()["purelib"]
os.makedirs(os.path.join(purelib, "pip"), exist_ok=True)
with open(os.path.join(purelib, "usconf-test-site.pth"), "w") as pth:
    pth.write(SITE + "\n")
with open(os.path.join(purelib, "pip", "__init__.py"), "w") as init:
    init.write("__version__ = '24.2'\n")
with open(os.path.join(purelib, "pip", "__main__.py"), "w") as main:
    main.write("import sys\nsys.exit(0)\n")
sys.exit(0)
