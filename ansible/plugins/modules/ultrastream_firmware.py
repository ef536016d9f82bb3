#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ultrastream_firmware
short_description: Make a Magewell Ultra Stream encoder run a given firmware version
version_added: 0.1.0
description:
  - When the encoder runs O(version) already, nothing is done (C(changed=false)).
  - Otherwise O(file) is uploaded, installed, the encoder restarts, and (with O(wait)) the task
    ends once it answers again and reports O(version); an encoder that comes back on its old
    version (an update cut short) fails the task, and the old firmware stays.
  - The update is refused while the encoder records.
options:
  version:
    description:
      - The firmware version the encoder must run, as it reports it (C(1.5.123)).
    type: str
    required: true
  file:
    description:
      - The C(.mwf) firmware file of O(version), on the controller. Needed only when another version runs.
    type: path
  wait:
    description:
      - Wait for the installation and the restart, and check the version at the end.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing the task (the device may still finish; do not power it off).
    type: float
    default: 900.0
extends_documentation_fragment:
  - magewell.ultrastream.connection
attributes:
  check_mode:
    support: full
    description: Reads the running version and reports whether an update would be made; sends nothing.
  diff_mode:
    support: none
    description: Only the version changes; it is returned as RV(from) and RV(to).
author:
  - usconf developers (@usconf)
'''

EXAMPLES = r'''
- name: Every encoder on one firmware
  magewell.ultrastream.ultrastream_firmware:
    url: "{{ encoder_url }}"
    password: "{{ vault_encoder_password }}"
    version: 1.5.123
    file: files/US-1.5.123.mwf
  delegate_to: localhost
'''

RETURN = r'''
from:
  description: The version the encoder ran before the task.
  returned: success
  type: str
  sample: 1.4.98
to:
  description: The version the encoder runs after the update.
  returned: when an update was installed and O(wait) is true
  type: str
  sample: 1.5.123
bytes:
  description: Size of the uploaded file.
  returned: when an update was installed
  type: int
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.magewell.ultrastream.plugins.module_utils.bridge import CONNECTION_SPEC, run_firmware


def main():
    argument_spec = dict(
        version=dict(type='str', required=True),
        file=dict(type='path'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='float', default=900.0),
    )
    argument_spec.update(CONNECTION_SPEC)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    run_firmware(module)


if __name__ == '__main__':
    main()
