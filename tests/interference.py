"""Device state changing behind the tool's back while it applies: what no plan can foresee."""


def others_enable_two_servers(device, when):
    """Before `device` (an emulated one) handles `when`, two more live servers appear on it, enabled,
    as if another operator added them on the web page. Returns a list that holds `when` once it happened.

    With them, enabling a server of the tool's own breaks the two-enabled limit (-29 errChannelsLimited).
    """
    process, done = device.process, []

    def interfering(method, params, *rest):
        if method == when and not done:
            done.append(method)
            with device.lock:
                for name in ("Web A", "Web B"):
                    added = device.backend.handle("add-server", {"type": "0", "name": name, "key": name,
                                                                 "url": "rtmp://web.example.net/x", "net-mode": "1"},
                                                  None, None, None)
                    device.backend.handle("enable-server", {"id": str(added["id"]), "is-use": "1"}, None, None, None)
        return process(method, params, *rest)
    device.process = interfering
    return done
