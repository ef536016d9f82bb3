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
    from usconf import states as modes
    from usconf.client import Client
    from usconf.errors import UsconfError, ValidationError
    from usconf.language.load import load, load_data, sensitive_paths
    from usconf.model import from_device, read_snapshot
    from usconf.ops import firmware as ops_firmware, live as ops_live, power as ops_power, rec as ops_rec
    from usconf.ops import storage as ops_storage, tests as ops_tests, wifi as ops_wifi
    from usconf.secrets import remembered, scrub, scrub_data
    HAS_USCONF = True
    USCONF_IMPORT_ERROR = None
except ImportError:
    HAS_USCONF = False
    USCONF_IMPORT_ERROR = traceback.format_exc()

MISSING_USCONF = ("this module needs the usconf Python package on the controller: "
                  "pip install a usconf checkout (pip install PATH)")
DEFAULT_LOGIN = 'Admin'     # user and password as devices ship

CONNECTION_SPEC = dict(
    url=dict(type='str', fallback=(env_fallback, ['USCONF_DEVICE'])),
    username=dict(type='str', fallback=(env_fallback, ['USCONF_USERNAME'])),
    password=dict(type='str', no_log=True, fallback=(env_fallback, ['USCONF_PASSWORD'])),
    cloud_port=dict(type='int', default=8070),
    timeout=dict(type='float', default=5.0),
)


def require_usconf(module):
    if not HAS_USCONF:
        module.fail_json(msg=MISSING_USCONF, exception=USCONF_IMPORT_ERROR)


def hide(module, *values):
    """Have Ansible scrub the plain text of every secret in `values` from all it prints or saves,
    and every value usconf masks by value (from env, secret_file or a sensitive field)."""
    module.no_log_values.update(modes.secret_values(*values))
    module.no_log_values.update(remembered())


def hide_only_secrets(module, *documents):
    """Scrub only the secrets of no_log configuration options, not all their values.

    `config` and `running_config` are no_log so that Ansible never logs them whole
    (it logs a module's arguments when the module starts); for everything else
    only the values the language marks sensitive, and the password, need hiding.
    """
    keep = set()
    if module.params.get('password'):
        keep.add(module.params['password'])
    for name in documents:
        doc = module.params.get(name)
        if isinstance(doc, dict):
            for path in sensitive_paths(doc):
                value = doc
                for part in path:
                    value = value[part]
                if value:
                    keep.add(str(value))
    module.no_log_values = keep


def fail(module, exc, **result):
    """One clear message for an expected failure; every problem listed when there are several."""
    if isinstance(exc, ValidationError):
        result['errors'] = list(exc.problems)
        msg = exc.problems[0] if len(exc.problems) == 1 else '%d problems: %s' % (
            len(exc.problems), '; '.join(exc.problems))
    else:
        msg = str(exc)
    # calls the device accepted changed it, even when a later call or the read-back failed
    result.setdefault('changed', bool(getattr(exc, 'changed', False)))
    hide(module)
    module.fail_json(msg=scrub(msg), **scrub_data(result))


def client_for(module):
    params = module.params
    if not params.get('url'):
        module.fail_json(msg='no device to talk to: set url (or the USCONF_DEVICE environment variable)')
    return Client(params['url'], params.get('username') or DEFAULT_LOGIN, params.get('password') or DEFAULT_LOGIN,
                  cloud_port=params['cloud_port'], timeout=params['timeout'])


def desired_of(module, state):
    """The desired state from `config` or `src`, as usconf loads it (only item keys for `deleted`)."""
    params = module.params
    if state == 'deleted':
        if params.get('src'):
            return modes.read_deletion_file(params['src'])
        return modes.deletion_request(params['config'])
    if params.get('src'):
        return load(params['src'], vars=params.get('variables'), target=params.get('target'))
    return load_data(params['config'], name='config')


def run_config(module):
    """ultrastream_config: every state; check mode and diff mode are decided here."""
    require_usconf(module)
    hide_only_secrets(module, 'config', 'running_config')
    state = module.params['state']
    try:
        if state == 'gathered':
            with client_for(module) as client:
                gathered = modes.gathered(client)
            module.exit_json(changed=False, gathered=gathered)
        desired = desired_of(module, state)
        hide(module, desired)
        if state == 'rendered':
            running = module.params.get('running_config')
            running = load_data(running, name='running_config') if running is not None else None
            hide(module, running)
            plan = modes.render('replaced', desired, running.canonical if running else None)
            module.exit_json(changed=False, rendered=[call.describe() for call in plan.calls])
        with client_for(module) as client:
            outcome = modes.converge(state, desired, client, check=module.check_mode,
                                     allow_interrupt=module.params.get('allow_interrupt', False))
    except UsconfError as exc:
        # A failed apply may still have changed the device (calls landed before the failure).
        fail(module, exc, changed=bool(getattr(exc, 'changed', False)))
    hide(module)
    result = dict(changed=outcome.changed, commands=outcome.commands,
                  before=modes.shown(outcome.before), after=modes.shown(outcome.after))
    if module._diff:
        result['diff'] = dict(before=result['before'], after=result['after'])
    # Ansible scrubs no_log_values too; this also covers a caller that reads the result directly
    module.exit_json(**scrub_data(result))


def run_info(module):
    """ultrastream_info: the device as facts, secrets masked."""
    require_usconf(module)
    subset = module.params['gather_subset']
    facts = {}
    try:
        with client_for(module) as client:
            snapshot = read_snapshot(client)
        if 'info' in subset:
            facts['info'] = modes.shown(_body(snapshot.info))
        if 'status' in subset:
            facts['status'] = modes.shown(_body(snapshot.status))
        if 'settings' in subset:
            facts['settings'] = modes.shown(from_device(snapshot))
        if 'config' in subset:
            facts['config'] = modes.as_configuration(modes.without_secrets(from_device(snapshot)))
    except UsconfError as exc:
        fail(module, exc)
    module.exit_json(changed=False, ansible_facts=dict(ultrastream=facts))


def _body(answer):
    return dict((k, v) for k, v in answer.items() if k != 'result')


def _test(run, name):
    """A server test changes nothing on the device: never `changed`; not run in check mode."""
    def command(client, params, check):
        if check:
            return dict(server=name, check=True, changed=False)
        result = run(client, name, wait=params['wait'], timeout=params['wait_timeout'])
        return dict(result, changed=False)
    return command


def _waited(run):
    def command(client, params, check):
        return run(client, wait=params['wait'], timeout=params['wait_timeout'], check=check)
    return command


COMMANDS = dict(
    rec_start=_waited(lambda client, **kw: ops_rec.start(client, **kw)),
    rec_stop=_waited(lambda client, **kw: ops_rec.stop(client, **kw)),
    rec_clear=lambda client, params, check: ops_rec.clear(client, check=check),
    live_start=_waited(lambda client, **kw: ops_live.start(client, **kw)),
    live_stop=_waited(lambda client, **kw: ops_live.stop(client, **kw)),
    live_clear=lambda client, params, check: ops_live.clear(client, check=check),
    reboot=_waited(lambda client, **kw: ops_power.reboot(client, **kw)),
    reset=_waited(lambda client, **kw: ops_power.reset(client, **kw)),
    format=lambda client, params, check: ops_storage.format_disk(
        client, params['disk'], wait=params['wait'], timeout=params['wait_timeout'], check=check),
    storage_test=_waited(lambda client, **kw: ops_storage.test(client, **kw)),
    wifi_disconnect=lambda client, params, check: ops_wifi.disconnect(client, check=check),
)


def run_command(module):
    """ultrastream_command: one operation, `changed` as the device's state says (already live: false)."""
    require_usconf(module)
    params = module.params
    command = params['command']
    if command == 'test_live':
        run = _test(ops_tests.test_live, params['server'])
    elif command == 'test_upload':
        run = _test(ops_tests.test_upload, params['server'])
    else:
        run = COMMANDS[command]
    try:
        with client_for(module) as client:
            result = run(client, params, module.check_mode)
    except UsconfError as exc:
        fail(module, exc, command=command)
    result.pop('status', None)          # the whole get-status after a restart: not a result
    result['command'] = command
    module.exit_json(**result)


def run_firmware(module):
    """ultrastream_firmware: make the device run `version`, installing `file` when it runs another."""
    require_usconf(module)
    params = module.params
    try:
        with client_for(module) as client:
            current = ops_firmware.running_version(client.get_info())
            if current != params['version'] and not params.get('file'):
                module.fail_json(msg='the device runs firmware %s, not %s: give file, the .mwf of %s'
                                 % (current, params['version'], params['version']), version=current)
            result = ops_firmware.install(client, params.get('file'), params['version'], wait=params['wait'],
                                          timeout=params['wait_timeout'], check=module.check_mode)
    except UsconfError as exc:
        fail(module, exc)
    result.setdefault('from', current)
    module.exit_json(**result)
