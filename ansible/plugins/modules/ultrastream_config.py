#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ultrastream_config
short_description: Manage the configuration of a Magewell Ultra Stream encoder
version_added: 0.1.0
description:
  - Brings an encoder to a desired state written in the usconf desired-state
    language (the same YAML as C(usconf apply) files, given as data or as a file).
  - The module reads the device, plans the calls that reach the desired state in an
    order the device accepts, sends them, reads the device back and checks the result.
    A run that finds nothing to change sends nothing and reports C(changed=false).
  - When the device refuses a call, the task fails and what the applied calls changed
    is put back; the failed task reports C(changed=true) when something it applied
    could not be put back.
  - Sections and fields the configuration leaves out are not managed; they are never
    changed (except lists with O(state=overridden)).
  - "Values the device cannot report (user passwords, the pairing password, cloud
    invitation codes) are sent when an item is created, and on later runs only with
    C(update_password: always)."

options:
  config:
    description:
      - The desired state in the usconf desired-state language, as data (sections
        C(device), C(video), C(streams), C(audio), C(recording), C(live), C(uploads),
        C(users), C(network), C(edid), C(cloud)).
      - Mutually exclusive with O(src).
      - With O(state=deleted), only the items of lists matter
        (C(live.servers), C(uploads.servers), C(users), C(cloud), C(video.no_signal.images)),
        and of each item only its key.
    type: dict
  src:
    description:
      - Path on the controller of a desired-state file (YAML, rendered with the usconf
        template variables, for example C({{ env.YT_KEY }})).
      - Mutually exclusive with O(config).
    type: path
  variables:
    description:
      - Values for C({{ vars.key }}) in the O(src) file, as C(usconf plan --var) gives them.
      - The C(magewell.ultrastream.usconf) inventory plugin sets each host's merged
        variables as C(usconf_vars).
    type: dict
  target:
    description:
      - Values for C({{ target.name }}) and C({{ target.group }}) in the O(src) file, that is
        the device's name and group in a usconf inventory (the inventory plugin sets them as
        C(usconf_target)).
    type: dict
  running_config:
    description:
      - With O(state=rendered), the state the calls are planned against, in the
        desired-state language. Without it, the calls are planned against a
        factory-new HDMI encoder.
    type: dict
  state:
    description:
      - V(merged) sets what the configuration gives and deletes nothing. A list given
        keeps the device's items it does not name.
      - V(replaced) makes the sections and lists the configuration gives match it
        exactly, as C(usconf apply) does; items of a given list that it does not name
        are deleted.
      - V(overridden) is V(replaced), and every list the configuration leaves out is
        emptied. The built-in C(Admin) user and the default no-signal images stay.
      - V(deleted) removes the list items the configuration names and nothing else.
        Deleting the C(Admin) user or a default no-signal image is an error.
      - V(gathered) reads the device and returns its state in the desired-state
        language under RV(gathered). Nothing is changed.
      - V(rendered) works offline and returns the calls that would be sent under
        RV(rendered), planned against O(running_config) or a factory-new encoder.
        No device is contacted.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered]
    default: merged
  allow_interrupt:
    description:
      - While the encoder is live or recording, the module refuses (and sends nothing) when a call
        would interrupt it or be refused on air - re-encoding settings (video, audio, streams), a live
        server in use, recording settings, the network, the EDID - and says which calls and which state
        block it. Changes that are safe on air are applied.
      - V(true) applies such calls anyway, interrupting the stream or recording.
    type: bool
    default: false
extends_documentation_fragment:
  - magewell.ultrastream.connection
attributes:
  check_mode:
    support: full
    description: Computes the plan and reports the calls under RV(commands); nothing is sent.
  diff_mode:
    support: full
    description: Shows the state before and after, secrets shown as C((sensitive)).
notes:
  - Secrets in O(config) (stream keys, passwords, tokens) are never returned; usconf
    masks them as C((sensitive)) in RV(before), RV(after), RV(commands) and the diff,
    and the module asks Ansible to scrub their plain text from all its output.
  - O(config) and O(running_config) are never written to the system log when the
    module starts (they are C(no_log) options); in the results, including the
    invocation shown with C(-vvv), only their secrets are masked.
  - >-
    Keep secrets in Ansible Vault or the environment, for example
    C(key: "{{ lookup('ansible.builtin.env', 'YT_KEY') }}").
  - The order of RV(commands) is the order the calls are sent in; the device refuses
    some intermediate states, and usconf plans around them.
seealso:
  - module: magewell.ultrastream.ultrastream_info
author:
  - usconf developers (@usconf)
'''

EXAMPLES = r'''
# The calls under "commands" are as the module reports them: the device's API
# method and its parameters, secrets shown as (sensitive), id=<...> naming the
# list item a call acts on.

# ---- merged ------------------------------------------------------------------
# Before: name "Ultra Stream", one live server "YouTube Main".
- name: Rename the encoder and add a backup server, keeping the other servers
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    password: "{{ vault_encoder_password }}"
    config:
      device:
        name: Studio A Encoder
      live:
        servers:
          - name: Backup RTMP
            type: rtmp
            url: rtmp://backup.example.net/live
            key: "{{ vault_backup_key }}"
            enabled: false
    state: merged
  delegate_to: localhost
# Commands sent:
#   set-name name=Studio A Encoder
#   add-server type=0 name=Backup RTMP url=rtmp://backup.example.net/live key=(sensitive) is-auth=0
#     net-mode=1
# After: name "Studio A Encoder"; live servers "YouTube Main" and "Backup RTMP".

# ---- replaced ----------------------------------------------------------------
# Before: live servers "YouTube Main" and "Backup RTMP"; users Admin and ops.
- name: Make the live servers exactly this list (Backup RTMP is deleted)
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    config:
      live:
        servers:
          - name: YouTube Main
            type: youtube
            key: "{{ vault_youtube_key }}"
            enabled: true
    state: replaced
  delegate_to: localhost
# Commands sent:
#   del-server id=<live.servers["Backup RTMP"]>
# After: one live server "YouTube Main"; users unchanged (not given).
# (With device.name given as well, a set-name call would follow the delete.)

# ---- overridden --------------------------------------------------------------
# Before: live servers "YouTube Main" and "Backup RTMP"; users Admin and ops.
- name: Make the whole list configuration exactly this (lists not given, like live servers, are emptied)
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    config:
      users:
        - name: ops
          password: "{{ vault_ops_password }}"
    state: overridden
  delegate_to: localhost
# Commands sent (ops exists, so its password is not sent: update_password is on_create):
#   del-server id=<live.servers["YouTube Main"]>
#   del-server id=<live.servers["Backup RTMP"]>
# After: no live server; users Admin and ops; cloud slots unregistered.
# (Given the live servers of the replaced example instead, only Backup RTMP and the
# user ops would be deleted: the built-in Admin always stays.)

# ---- deleted -----------------------------------------------------------------
# Before: users Admin and ops; live servers "YouTube Main" and "Backup RTMP".
- name: Remove the user ops and the backup server, nothing else
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    config:
      users:
        - name: ops
      live:
        servers:
          - name: Backup RTMP
    state: deleted
  delegate_to: localhost
# Commands sent:
#   del-server id=<live.servers["Backup RTMP"]>
#   del-user id=ops
# After: users Admin; live server "YouTube Main".

# ---- gathered ----------------------------------------------------------------
- name: Read the device's state in the desired-state language
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    state: gathered
  delegate_to: localhost
  register: encoder
# Nothing is sent. encoder.gathered holds, for example:
#   device: {name: Studio A Encoder, ssdp: true, ...}
#   live: {servers: [{name: YouTube Main, type: youtube, enabled: true, ...}]}
# Secrets (stream keys, passwords) are left out, so the result fed back leaves them as they are.

- name: Feed it back with state replaced (a no-op, changed=false)
  magewell.ultrastream.ultrastream_config:
    url: http://10.0.0.5
    config: "{{ encoder.gathered }}"
    state: replaced
  delegate_to: localhost

# ---- rendered ----------------------------------------------------------------
- name: Show the calls a configuration means for a factory-new encoder (offline)
  magewell.ultrastream.ultrastream_config:
    src: files/studio-a.yaml
    state: rendered
  delegate_to: localhost
  register: plan
# Nothing is contacted. plan.rendered holds, for example:
#   - set-first-over name=Studio A Encoder enable-passwd=0 timezone=UTC is-auto=1 time=
#   - set-video stream=0 is-auto=0 codec=0 cx=1920 cy=1080 duration=166667 kbps=8192 gop=1 fourcc=0
#     profile=2 cbrstat=60 fullrange=0

# ---- from a file, in check mode with a diff ----------------------------------
- name: Preview the changes a desired-state file makes
  magewell.ultrastream.ultrastream_config:
    url: "{{ encoder_url }}"
    src: "{{ inventory_dir }}/encoders/{{ inventory_hostname }}.yaml"
    state: replaced
  delegate_to: localhost
  check_mode: true
  diff: true
'''

RETURN = r'''
before:
  description: The device's state before the run, normalised (bitrates in kbps, frame rates in fps), secrets masked.
  returned: when O(state) is V(merged), V(replaced), V(overridden) or V(deleted)
  type: dict
  sample: {"device": {"name": "Ultra Stream"}, "video": {"main": {"bitrate": 6144}}}
after:
  description:
    - The device's state after the run, read back from the device, secrets masked.
    - In check mode, the state the plan leads to.
  returned: when O(state) is V(merged), V(replaced), V(overridden) or V(deleted)
  type: dict
  sample: {"device": {"name": "Studio A Encoder"}, "video": {"main": {"bitrate": 6144}}}
commands:
  description: The calls sent (or, in check mode, that would be sent), in order, secrets masked.
  returned: when O(state) is V(merged), V(replaced), V(overridden) or V(deleted)
  type: list
  elements: str
  sample: ["set-name name=Studio A Encoder", 'del-server id=<live.servers["Backup RTMP"]>']
gathered:
  description:
    - The device's state in the desired-state language.
    - Secrets the device reports (stream keys, upload passwords, tokens) are left out,
      so that feeding the result back as O(config) leaves them as they are.
  returned: when O(state=gathered)
  type: dict
  sample: {"device": {"name": "Studio A Encoder"}, "users": [{"name": "Admin"}]}
rendered:
  description: The calls the configuration means, in order, secrets masked; nothing is sent.
  returned: when O(state=rendered)
  type: list
  elements: str
  sample: ["set-name name=Studio A Encoder"]
errors:
  description: Every problem found in the configuration, one per line, when it is invalid.
  returned: on failure, when the configuration is invalid
  type: list
  elements: str
  sample: ["config: video.main.bitrate: 90M is above the device's maximum of 30M"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.magewell.ultrastream.plugins.module_utils.bridge import CONNECTION_SPEC, run_config


def main():
    argument_spec = dict(
        # no_log keeps the whole configuration out of the log line Ansible writes when a
        # module starts; the bridge then narrows what is scrubbed from results to its secrets.
        config=dict(type='dict', no_log=True),
        src=dict(type='path'),
        variables=dict(type='dict'),
        target=dict(type='dict'),
        running_config=dict(type='dict', no_log=True),
        state=dict(type='str', default='merged',
                   choices=['merged', 'replaced', 'overridden', 'deleted', 'gathered', 'rendered']),
        allow_interrupt=dict(type='bool', default=False),
    )
    argument_spec.update(CONNECTION_SPEC)
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('config', 'src')],
        required_if=[
            ('state', 'merged', ('config', 'src'), True),
            ('state', 'replaced', ('config', 'src'), True),
            ('state', 'overridden', ('config', 'src'), True),
            ('state', 'deleted', ('config', 'src'), True),
            ('state', 'rendered', ('config', 'src'), True),
        ],
        supports_check_mode=True,
    )
    run_config(module)


if __name__ == '__main__':
    main()
