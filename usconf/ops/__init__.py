"""Operations on one device: every API method that is an action rather than a setting.

Each function takes a logged-in `usconf.client.Client` first and returns plain data
(a dict), so the CLI, the Ansible modules and a fleet runner call the same code per
device. Nothing here prints or exits; refusals are `usconf.ops.common.Refused`.

rec, live       start / stop / clear recording and streaming
power           reboot, reset (with a wait until the API answers again)
storage         disk status, format, speed test
media           recorded files and the upload queue
tests           stream and upload server tests
report          the device report, secrets masked
signal          the input signal
edid            EDID and loop-through EDID export / import
firmware        status, online check, upload, update, cancel, clear
wifi            disconnect
"""
