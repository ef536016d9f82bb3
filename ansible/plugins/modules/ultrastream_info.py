#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ultrastream_info
short_description: Read a Magewell Ultra Stream encoder's information, status and settings as facts
version_added: 0.1.0
description:
  - Reads the encoder with the C(usconf) library and returns what it reports under
    C(ansible_facts.ultrastream).
  - Nothing is changed on the device.
options:
  gather_subset:
    description:
      - What to read.
      - V(info) is the device's C(get-info) answer (model, serial, firmware, capability ranges).
      - V(status) is its C(get-status) answer (live, recording, signal, storage).
      - V(settings) is every setting in the normalised form usconf compares (units and
        names of the desired-state language), secrets shown as C((sensitive)).
      - V(config) is the same state written in the desired-state language, ready to be
        used as O(magewell.ultrastream.ultrastream_config#module:config); secrets are
        left out, so that feeding it back leaves them as they are.
    type: list
    elements: str
    choices: [info, status, settings, config]
    default: [info, status]
extends_documentation_fragment:
  - magewell.ultrastream.connection
attributes:
  check_mode:
    support: full
    description: The module only reads.
  diff_mode:
    support: none
    description: The module only reads.
author:
  - usconf developers (@usconf)
'''

EXAMPLES = r'''
- name: Read identity and status of every encoder
  magewell.ultrastream.ultrastream_info:
    url: "{{ encoder_url }}"
    password: "{{ vault_encoder_password }}"
  delegate_to: localhost

- name: Fail when an encoder runs an old firmware
  ansible.builtin.assert:
    that: ansible_facts.ultrastream.info.product['firmware-ver-s'] is version('1.2.122', '>=')

- name: Keep the full configuration of an encoder as a fact
  magewell.ultrastream.ultrastream_info:
    url: http://10.0.0.5
    gather_subset: [config]
  delegate_to: localhost
'''

RETURN = r'''
ansible_facts:
  description: Facts about the encoder.
  returned: always
  type: dict
  contains:
    ultrastream:
      description: What O(gather_subset) asked for, one key per subset.
      returned: always
      type: dict
      contains:
        info:
          description: The C(get-info) answer, without its C(result) code.
          returned: when V(info) is in O(gather_subset)
          type: dict
        status:
          description: The C(get-status) answer, without its C(result) code.
          returned: when V(status) is in O(gather_subset)
          type: dict
        settings:
          description: Every setting, normalised (bitrates in kbps, frame rates in fps, names for enumerations).
          returned: when V(settings) is in O(gather_subset)
          type: dict
          sample: {"device": {"name": "Studio A Encoder"}, "video": {"main": {"bitrate": 4096, "fps": 59.94}}}
        config:
          description: The device's state in the desired-state language.
          returned: when V(config) is in O(gather_subset)
          type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.magewell.ultrastream.plugins.module_utils.bridge import CONNECTION_SPEC, run_info


def main():
    argument_spec = dict(
        gather_subset=dict(type='list', elements='str', default=['info', 'status'],
                           choices=['info', 'status', 'settings', 'config']),
    )
    argument_spec.update(CONNECTION_SPEC)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    run_info(module)


if __name__ == '__main__':
    main()
