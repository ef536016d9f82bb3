# Saves every task result of a playbook run to $USCONF_TEST_RESULTS as JSON
# ({host: {task name: result}}), so the tests read what each task returned
# without spending a module run per host on writing it out.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: save_results
type: aggregate
short_description: save task results for the test suite
description: Writes every task result to the file named by USCONF_TEST_RESULTS.
requirements:
  - enable in configuration
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'save_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.results = {}

    def _save(self, result, failed):
        if result._result.get('skipped'):
            return
        host = result._host.get_name()
        self.results.setdefault(host, {})[result._task.get_name()] = dict(result._result, failed=failed)

    def v2_runner_on_ok(self, result):
        self._save(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._save(result, True)

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['USCONF_TEST_RESULTS'], 'w') as out:
            json.dump(self.results, out, default=str)
