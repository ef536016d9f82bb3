# -*- coding: utf-8 -*-
# Copyright: usconf developers
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""The bridge from Ansible modules to the usconf library.

The modules declare options and documentation; everything they do goes through
here, and everything done here is a call into usconf. Secrets never leave as
plain text: values usconf marks sensitive are shown as "(sensitive)" and are
registered with Ansible so that its own output scrubs them too.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback

from ansible.module_utils.basic import env_fallback

try:
    from usconf import engine, modes
    from usconf.errors import UsconfError, ValidationError
    from usconf.secrets import Secret, MASK
    HAS_USCONF = True
    USCONF_IMPORT_ERROR = None
except ImportError:
    HAS_USCONF = False
    USCONF_IMPORT_ERROR = traceback.format_exc()

MISSING_USCONF = "this module needs the usconf Python package on the controller: pip install usconf"

CONNECTION_SPEC = dict(
    url=dict(type='str', fallback=(env_fallback, ['USCONF_DEVICE'])),
    username=dict(type='str', fallback=(env_fallback, ['USCONF_USERNAME'])),
    password=dict(type='str', no_log=True, fallback=(env_fallback, ['USCONF_PASSWORD'])),
)


def require_usconf(module):
    if not HAS_USCONF:
        module.fail_json(msg=MISSING_USCONF, exception=USCONF_IMPORT_ERROR)


def public(value):
    """A JSON-safe copy of a usconf value with every secret masked."""
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, dict):
        return dict((str(k), public(v)) for k, v in value.items() if not str(k).startswith('_'))
    if isinstance(value, (list, tuple)):
        return [public(v) for v in value]
    return value


def hide_secrets(module, *values):
    """Tell Ansible the plain text of every secret in `values`, so it scrubs them from all output."""
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, Secret):
            if value.reveal():
                module.no_log_values.add(value.reveal())
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)


def fail(module, exc, **result):
    """One clear message for an expected failure; the problems one per line when there are several."""
    if isinstance(exc, ValidationError):
        result['errors'] = list(exc.problems)
        msg = exc.problems[0] if len(exc.problems) == 1 else '%d problems: %s' % (
            len(exc.problems), '; '.join(exc.problems))
    else:
        msg = str(exc)
    module.fail_json(msg=msg, **result)


def connect(module):
    params = module.params
    if not params.get('url'):
        module.fail_json(msg='no device to talk to: set url (or the USCONF_DEVICE environment variable)')
    return engine.connect(params['url'], params.get('username') or 'Admin', params.get('password') or 'Admin')


def load_desired(module):
    """The canonical desired state from `config` or `src`; None when neither is given."""
    params = module.params
    if params.get('config') is not None:
        return engine.load_data(params['config'], name='config')
    if params.get('src'):
        return engine.load_file(params['src'])
    return None


def commands_of(plan):
    return [call.describe() for call in plan.calls]


def run_config(module):
    """ultrastream_config: every state, check mode and diff decided here."""
    require_usconf(module)
    state = module.params['state']
    try:
        desired = load_desired(module)
        hide_secrets(module, desired)
        if state == 'rendered':
            return _rendered(module, desired)
        if state in ('merged', 'replaced', 'overridden', 'deleted') and desired is None:
            module.fail_json(msg='state=%s needs config or src' % state)
        client = connect(module)
        try:
            before = engine.gather(client)
            if state == 'gathered':
                module.exit_json(changed=False, gathered=public(engine.export_data(before)))
            target = modes.combine(state, desired, before)
            plan = engine.plan(target, client)
            result = dict(changed=bool(plan.calls), commands=commands_of(plan), before=public(before))
            if plan.calls and not module.check_mode:
                engine.apply(plan, client)
                after = engine.gather(client)
            else:
                after = modes.predict(target, before) if plan.calls else before
        finally:
            engine.close(client)
    except UsconfError as exc:
        fail(module, exc)
    result['after'] = public(after)
    if module._diff:
        result['diff'] = dict(before=result['before'], after=result['after'])
    module.exit_json(**result)


def _rendered(module, desired):
    if desired is None:
        module.fail_json(msg='state=rendered needs config or src')
    running = module.params.get('running_config')
    running = engine.load_data(running, name='running_config') if running is not None else None
    hide_secrets(module, running)
    plan = engine.plan_offline(desired, running)
    module.exit_json(changed=False, rendered=commands_of(plan))


def run_info(module):
    """ultrastream_info: the device as facts, secrets masked."""
    require_usconf(module)
    subset = module.params['gather_subset']
    facts = {}
    try:
        client = connect(module)
        try:
            snapshot = engine.read(client)
        finally:
            engine.close(client)
        if 'info' in subset:
            facts['info'] = public(snapshot.info)
        if 'status' in subset:
            facts['status'] = public(snapshot.status)
        if 'settings' in subset or 'config' in subset:
            canonical = engine.canonical(snapshot)
            if 'settings' in subset:
                facts['settings'] = public(canonical)
            if 'config' in subset:
                facts['config'] = public(engine.export_data(canonical))
    except UsconfError as exc:
        fail(module, exc)
    module.exit_json(changed=False, ansible_facts=dict(ultrastream=facts))
