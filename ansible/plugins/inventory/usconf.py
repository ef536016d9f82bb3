# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: usconf
short_description: Encoders, groups and variables from a usconf inventory file
version_added: 0.2.0
description:
  - Reads a usconf inventory (format 1, the file C(usconf plan -i) takes), so a fleet
    moves from the usconf command line to Ansible without rewriting anything.
  - Every device becomes a host, in its usconf group (if any). Host variables
    C(usconf_url), C(usconf_cloud_port), C(usconf_username), C(usconf_timeout) and
    C(usconf_password) (only when the inventory gives one) connect to it;
    C(usconf_file) is its desired-state file, C(usconf_vars) its variables after the
    usconf precedence (defaults < vars files < group < device) and C(usconf_target)
    its C(name) and C(group), ready for the O(magewell.ultrastream.ultrastream_config#module:src),
    O(magewell.ultrastream.ultrastream_config#module:variables) and
    O(magewell.ultrastream.ultrastream_config#module:target) options.
    C(ansible_connection) is C(local), since the modules talk to the encoders from the controller.
  - Secrets stay out of the inventory. A password written as C({{ env.NAME }}) becomes an
    C(ansible.builtin.env) lookup of that variable, and one read with C(secret_file) an
    C(ansible.builtin.file) lookup of that file; they are evaluated only when a task uses them.
  - Give the usconf inventory itself as the inventory source (with this plugin in
    C(enable_plugins)), or a YAML file that names this plugin and the inventory in O(inventory).
options:
  plugin:
    description:
      - The name of this plugin, in a plugin configuration file.
    type: str
    choices: [magewell.ultrastream.usconf]
  inventory:
    description:
      - In a plugin configuration file, the path of the usconf inventory, relative to
        that file.
    type: path
requirements:
  - usconf (Python package, on the controller)
'''

EXAMPLES = r'''
# ansible.cfg: let Ansible read usconf inventories directly
#   [inventory]
#   enable_plugins = magewell.ultrastream.usconf, ansible.builtin.yaml, ansible.builtin.ini
# then: ansible-inventory -i fleet.yaml --graph

# Or a plugin configuration file next to the usconf inventory (usconf.yml):
plugin: magewell.ultrastream.usconf
inventory: fleet.yaml

# A playbook applying each encoder's own desired-state file:
# - hosts: all
#   gather_facts: false
#   tasks:
#     - magewell.ultrastream.ultrastream_config:
#         url: "{{ usconf_url }}"
#         cloud_port: "{{ usconf_cloud_port }}"
#         password: "{{ usconf_password | default(omit) }}"
#         src: "{{ usconf_file }}"
#         variables: "{{ usconf_vars }}"
#         target: "{{ usconf_target }}"
#         state: replaced
'''

import os
import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

try:
    import yaml
    from usconf.errors import ValidationError
    from usconf.fleet.inventory import load_inventory
    HAS_USCONF = True
except ImportError:
    HAS_USCONF = False

NAME = 'magewell.ultrastream.usconf'
_ENV = re.compile(r'\benv\.([A-Za-z_][A-Za-z0-9_]*)')
_ENV_ITEM = re.compile(r'''\benv\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]''')
_SECRET_FILE = re.compile(r'''\bsecret_file\(\s*(['"])(.*?)\1\s*\)''')
_EXPR = re.compile(r'\{\{.*?\}\}')
_TOKEN = re.compile(r'usconfexpr([0-9]+)x')
_TOP = re.compile(r'^([A-Za-z_][A-Za-z0-9_-]*)\s*:', re.M)


def _top_keys(path):
    try:
        with open(path, 'rb') as fh:
            text = fh.read(1024 * 1024).decode('utf-8', 'replace')
    except (IOError, OSError):
        return set(), ''
    return set(_TOP.findall(text)), text


def _as_lookups(expression, base):
    """A usconf template of a secret as Ansible lookups, so the value is read only when used."""
    out = _ENV.sub(lambda m: "lookup('ansible.builtin.env', '%s')" % m.group(1), expression)
    out = _ENV_ITEM.sub(lambda m: "lookup('ansible.builtin.env', '%s')" % m.group(2), out)
    return _SECRET_FILE.sub(
        lambda m: "lookup('ansible.builtin.file', '%s')" % os.path.normpath(os.path.join(base, m.group(2))), out)


def _raw_passwords(text):
    """name -> the password template as written, for defaults, each group and each device.

    Expressions are swapped for plain tokens before parsing (an unquoted {{ ... }} is no
    valid YAML on its own) and put back in the values read."""
    exprs = []

    def swap(match):
        exprs.append(match.group(0))
        return 'usconfexpr%dx' % (len(exprs) - 1)

    data = yaml.safe_load(_EXPR.sub(swap, text)) or {}
    out = {}
    restore = _restored(exprs)
    defaults = data.get('defaults') or {}
    groups = data.get('groups') or {}
    for gname, group in groups.items():
        group = group or {}
        for dname, device in (group.get('devices') or {}).items():
            for layer in (device or {}, group, defaults):
                if 'password' in layer:
                    out[dname] = restore(layer['password'])
                    break
    for dname, device in (data.get('devices') or {}).items():
        for layer in (device or {}, defaults):
            if 'password' in layer:
                out[dname] = restore(layer['password'])
                break
    return out


def _restored(exprs):
    def restore(value):
        return _TOKEN.sub(lambda m: exprs[int(m.group(1))], str(value))
    return restore


class InventoryModule(BaseInventoryPlugin):
    NAME = NAME
    # The hosts come from the user's own files; the only templates are the secret lookups made here.
    trusted_by_default = True

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path) or not path.endswith(('.yaml', '.yml')):
            return False
        keys, text = _top_keys(path)
        if 'plugin' in keys:
            return NAME in text
        return 'usconf' in keys and bool(keys & set(['groups', 'devices', 'defaults']))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        if not HAS_USCONF:
            raise AnsibleParserError('the usconf Python package is needed on the controller: pip install usconf')
        source = path
        if 'plugin' in _top_keys(path)[0]:
            self._read_config_data(path)
            if not self.get_option('inventory'):
                raise AnsibleParserError('%s: give the usconf inventory file in `inventory:`' % path)
            source = os.path.join(os.path.dirname(path), self.get_option('inventory'))
        _, text = _top_keys(source)
        # Listing hosts needs no secret: names the environment lacks render as empty here,
        # and the host variable is a lookup that reads the real value when a task runs.
        env = dict(os.environ)
        for name in set(_ENV.findall(text)) | set(m[1] for m in _ENV_ITEM.findall(text)):
            env.setdefault(name, '')
        try:
            fleet = load_inventory(source, env=env)
            raw = _raw_passwords(text)
        except ValidationError as exc:
            raise AnsibleParserError('\n'.join(exc.problems))
        except yaml.YAMLError as exc:
            raise AnsibleParserError('%s: %s' % (source, exc))
        base = os.path.dirname(os.path.abspath(source))
        for group in fleet.groups:
            self.inventory.add_group(group)
        for device in fleet.devices:
            self.inventory.add_host(device.name, group=device.group)
            values = {
                'ansible_connection': 'local',
                'usconf_url': device.url,
                'usconf_file': os.path.abspath(device.file),
                'usconf_vars': dict(device.vars),
                'usconf_target': {'name': device.name, 'group': device.group},
            }
            for key, value in (('usconf_username', device.username), ('usconf_cloud_port', device.cloud_port),
                               ('usconf_timeout', device.timeout)):
                if value is not None:
                    values[key] = value
            if device.name in raw:
                values['usconf_password'] = _as_lookups(str(raw[device.name]), base)
            for key, value in values.items():
                self.inventory.set_variable(device.name, key, value)
