#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ultrastream_command
short_description: Run an operation on a Magewell Ultra Stream encoder (record, stream, reboot, format, test)
version_added: 0.1.0
description:
  - Starts or stops recording and live streaming, reboots or resets the encoder, formats a disk,
    runs the USB speed test or a live/upload server test, or leaves the Wi-Fi network.
  - Calls the same C(usconf) library functions as the C(usconf) command line.
  - O(command=live_start) on an encoder that is already live, or O(command=rec_stop) on one that is
    not recording, reports C(changed=false) and sends nothing.
  - A refusal fails the task with the device's error name and its cause, for example
    C(start-live refused (retLivingNotset 29) - no server enabled).
options:
  command:
    description:
      - The operation.
      - V(rec_start), V(rec_stop), V(live_start), V(live_stop) wait (with O(wait)) until the
        device's status shows the new state; V(rec_clear), V(live_clear) reset a failed result.
      - V(reboot) and V(reset) restart the encoder; with O(wait) the task ends once it answers
        again. V(reset) restores factory settings, the C(Admin) password included.
      - V(format) erases O(disk); it is refused while recording.
      - V(storage_test) measures the USB drive's speed.
      - V(test_live) and V(test_upload) test the live or upload server O(server) from the device;
        they never report C(changed) and are not run in check mode.
      - V(wifi_disconnect) leaves the Wi-Fi network.
    type: str
    required: true
    choices: [rec_start, rec_stop, rec_clear, live_start, live_stop, live_clear, reboot, reset, format,
              storage_test, test_live, test_upload, wifi_disconnect]
  disk:
    description:
      - The disk O(command=format) erases.
    type: str
    choices: [sd, usb]
  server:
    description:
      - For O(command=test_live), the live server's name; for O(command=test_upload), the upload
        server's host (or C(host:port), or a drive's account).
    type: str
  wait:
    description:
      - Wait until the device has finished (the new state shows, the restart is over, the job is done).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing the task (the device may still finish).
    type: float
    default: 300.0
extends_documentation_fragment:
  - magewell.ultrastream.connection
attributes:
  check_mode:
    support: full
    description: Reads the device's state and reports what the command would change; sends nothing.
  diff_mode:
    support: none
    description: An operation has no configuration to compare.
author:
  - usconf developers (@usconf)
'''

EXAMPLES = r'''
- name: Go live before the show (nothing happens if already live)
  magewell.ultrastream.ultrastream_command:
    url: "{{ encoder_url }}"
    password: "{{ vault_encoder_password }}"
    command: live_start
  delegate_to: localhost

- name: Check the stream key works
  magewell.ultrastream.ultrastream_command:
    url: "{{ encoder_url }}"
    command: test_live
    server: YouTube Main
  delegate_to: localhost

- name: Reboot and wait until the encoder answers again
  magewell.ultrastream.ultrastream_command:
    url: "{{ encoder_url }}"
    command: reboot
    wait_timeout: 180
  delegate_to: localhost

- name: Erase the SD card
  magewell.ultrastream.ultrastream_command:
    url: "{{ encoder_url }}"
    command: format
    disk: sd
  delegate_to: localhost
'''

RETURN = r'''
command:
  description: The command run.
  returned: always
  type: str
  sample: live_start
action:
  description: What was done, in words.
  returned: success
  type: str
  sample: live start
seconds:
  description: How long the encoder took to answer again after a restart.
  returned: when O(command) is V(reboot) or V(reset) and O(wait) is true
  type: float
passed:
  description: Whether the server test passed (a failed test fails the task).
  returned: when O(command) is V(test_live) or V(test_upload), not in check mode
  type: bool
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.magewell.ultrastream.plugins.module_utils.bridge import CONNECTION_SPEC, run_command


def main():
    argument_spec = dict(
        command=dict(type='str', required=True,
                     choices=['rec_start', 'rec_stop', 'rec_clear', 'live_start', 'live_stop', 'live_clear', 'reboot',
                              'reset', 'format', 'storage_test', 'test_live', 'test_upload', 'wifi_disconnect']),
        disk=dict(type='str', choices=['sd', 'usb']),
        server=dict(type='str'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='float', default=300.0),
    )
    argument_spec.update(CONNECTION_SPEC)
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_if=[('command', 'format', ['disk']), ('command', 'test_live', ['server']),
                                        ('command', 'test_upload', ['server'])])
    run_command(module)


if __name__ == '__main__':
    main()
