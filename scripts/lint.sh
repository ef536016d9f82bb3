#!/usr/bin/env bash
# The checks `make test` runs besides pytest: ruff, vulture, yamllint, the examples against the
# schema, and ansible-lint (production profile) on the collection and the example playbook.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
"$BIN/ruff" check usconf tests bench scripts
"$BIN/vulture" --min-confidence 80 usconf
"$BIN/yamllint" -s examples ansible
# Files without templates validate as they stand; templated ones are checked by `usconf validate` in the tests.
"$BIN/check-jsonschema" --schemafile schemas/usconf.schema.json examples/studio.yaml examples/minimal.yaml examples/rtsp.yaml
# ansible-lint resolves the collection's module_defaults group by its name: lay the checkout out as an
# installed collection for the run.
collections=$(mktemp -d)
trap 'rm -rf "$collections"' EXIT
mkdir -p "$collections/ansible_collections/magewell"
ln -s "$PWD/ansible" "$collections/ansible_collections/magewell/ultrastream"
export ANSIBLE_COLLECTIONS_PATH="$collections" ANSIBLE_LOCAL_TEMP="$collections/tmp" ANSIBLE_HOME="$collections/home"
(cd ansible && "../$BIN/ansible-lint" --offline -q --profile production)
(cd examples/ansible && "../../$BIN/ansible-lint" --offline -q --profile production site.yml)
echo "lint: clean"
