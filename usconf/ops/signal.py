"""The input signal (get-signal-info): format, resolution, frame rate, audio."""
from usconf.ops.common import call


def info(client):
    body = call(client, "get-signal-info")
    locked = body.get("status", 0) not in (0, None)
    out = {"signal": "locked" if locked else "none"}
    if locked:
        scan = "i" if body.get("interlaced") else "p"
        out.update(resolution=f"{body.get('cx', '?')}x{body.get('cy', '?')}", scan=scan,
                   fps=body.get("frame-rate"),
                   audio={"channels_valid": body.get("channel-valid", 0), "lpcm": bool(body.get("is-lpcm")),
                          "bits": body.get("bits-per-sample"), "sample_rate": body.get("sample-rate")})
    return out


def line(out):
    if out["signal"] != "locked":
        return "no signal"
    audio = out["audio"]
    sound = (f"audio {audio['sample_rate']} Hz {audio['bits']}-bit" + (" LPCM" if audio["lpcm"] else "")
             if audio["sample_rate"] else "no audio")
    return f"{out['resolution']}{out['scan']}{out['fps']}, {sound}"
