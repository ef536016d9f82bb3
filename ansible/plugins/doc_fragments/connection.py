# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options every module of the collection shares.
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Address of the encoder's web interface, for example C(http://10.0.0.5).
      - If not set, the value of the E(USCONF_DEVICE) environment variable is used.
    type: str
  username:
    description:
      - User to log in as.
      - If not set, the value of the E(USCONF_USERNAME) environment variable is used,
        then C(Admin), as the device ships.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(USCONF_PASSWORD) environment variable is used,
        then C(Admin), as the device ships.
    type: str
  cloud_port:
    description:
      - Port of the device's cloud API (cloud registration status and changes).
    type: int
    default: 8070
  timeout:
    description:
      - Seconds to wait for each answer from the device.
    type: float
    default: 5.0
notes:
  - "The modules run on the Ansible controller and talk to the encoder over HTTP; use
    C(connection: local) or C(delegate_to: localhost)."
  - "They need the C(usconf) Python package on the controller, in the Python that
    runs the module (C(ansible_python_interpreter)): C(pip install PATH) of a usconf checkout."

requirements:
  - usconf (Python package, on the controller)
'''
