"""Result codes of the device API and of the cloud API, with the reference's words.

Negative codes are errors; zero and positive codes are states (running, repeat,
initial, live-stream phases) that callers read rather than raise.
"""
from collections import namedtuple

# Not typing.NamedTuple: the typing module is a large part of start-up.
Code = namedtuple("Code", "value name description")


_RESULT_CODES = [
    (31, "retSendWaiting", "File upload state: waiting."),
    (30, "retLivingAuthErr", "Live stream status: the authentication is error."),
    (29, "retLivingNotset", "Live stream address is not set."),
    (28, "retLivingDNS", "Live stream status: resolving DNS."),
    (27, "retInit", "Initial status."),
    (25, "retLivingAuthing", "Live stream status: the authorization is in progress."),
    (24, "retLivingWaiting", "Live stream status: the device is waiting for connection to the stream server."),
    (23, "retLivingConnecting", "Live stream status: the device is connecting to the stream server."),
    (22, "retLivingConnected", "Live stream status: the stream server has connected."),
    (21, "retPushReboot", ""),
    (20, "retAudioSignalChange", ""),
    (19, "retBlueWrite", ""),
    (18, "retBlueRead", ""),
    (17, "retBlueShutDown", ""),
    (16, "retDiskOn", ""),
    (15, "retDiskOff", ""),
    (14, "retDiskChange", ""),
    (13, "retSnapshotOver", ""),
    (12, "retPushReset", ""),
    (11, "retPushLiving", ""),
    (10, "retPushRecord", ""),
    (9, "retSignalChange", ""),
    (8, "retRouteChange", ""),
    (7, "retIPChange", ""),
    (6, "retNetChange", ""),
    (5, "retCancel", "Request is canceled."),
    (4, "retLowSpace", "There is not enough free space on the storage device."),
    (3, "retLowSpeed", "The storage device is too slow to record smooth video."),
    (2, "retRunning", "The request is running."),
    (1, "retRepeat", "Repeat request."),
    (0, "retSucceed", "Request has succeeded."),
    (-1, "errPasswd", "Password is error."),
    (-2, "errOccupied", "The device is being used by others currently."),
    (-3, "errDisconnect", "Reserved."),
    (-4, "errDevice", "Device error."),
    (-5, "errDisk", "Storage device error."),
    (-6, "errUnconnect", "Not connected."),
    (-7, "errKey", "Key error."),
    (-8, "errVersion", "Version error."),
    (-9, "errBusy", "System is busy."),
    (-10, "errParam", "Error request parameters."),
    (-11, "errUsage", "Reserved."),
    (-12, "errTimeout", "Timed out."),
    (-13, "errIP", "Reserved."),
    (-14, "errNotFound", "Data does not exist."),
    (-15, "errFile", "Error file."),
    (-16, "errNoSpace", "There is not any free space on the storage device."),
    (-17, "errNeedAuth", "An authentication is required."),
    (-18, "errSystem", "System error."),
    (-19, "errDiskSpeed", "The storage device is too slow."),
    (-20, "errEmpty", "Empty."),
    (-21, "errNetwork", "Network error."),
    (-22, "errEvent", "Event error."),
    (-23, "errCodec", "Codec error."),
    (-24, "errBlue", "Bluetooth error."),
    (-25, "errNoUser", "This user does not exist."),
    (-26, "errNoPermissin", "No permission."),
    (-27, "errSameName", "The name already exists."),
    (-28, "errString", "Input characters are not valid."),
    (-29, "errChannelsLimited", "Stream simultaneously to 2 servers at most."),
    (-30, "err8MLimited", "When the bitrate is above 4 Mbps, the streamer can stream to 1 server only."),
    (-31, "errFacebookLimited", "As is required by Facebook's Terms of Service, the device can not stream "
                                "simultaneously to Facebook and other online streaming services."),
    (-32, "errCodecLimited", "Live stream is not allowed when HEVC streamer is used."),
    (-33, "err4GLimited", "The maximum size of a single saved recording file should be no more than 4G."),
    (-34, "errMWFUnsupported", "The update package does not match current model or hardware version of the product."),
    (-35, "errNoSignal", "No signal."),
    (-36, "errSDCard", "SD card error."),
    (-37, "errXinYueServer", "File upload status: server error."),
    (-38, "errAliYunOSS", "File upload status: Alibaba Cloud OSS error."),
    (-39, "errSDNoSpace", "There is no free space in SD card."),
    (-40, "errSDNoPermission", "No permission when writing to SD card."),
    (-41, "errRTSPLimited", "Only one RTSP broadcast is supported at a time, you can not stream other data simultaneously."),
    (-42, "errRTSP8MLimited", "When broadcasting RTSP stream, the bitrate should be no more than 4 Mbps."),
    (-43, "errLockLiving", "Live streaming is locked. Manually stop is not allowed."),
    (-52, "errRecParam", "Recording related parameters error."),
    (-53, "errLiveParam", "Live streaming related parameters error."),
    (-100, "errFTPServer", "FTP/SFTP server error."),
]

_CLOUD_CODES = [
    (-200, "errLogin", "Cloud not login."),
    (-109, "errSn", "Serial number not valid."),
    (-10, "errParam", "Parameters error."),
    (-4, "errDevice", "Unsupported device."),
    (-1, "errPasswd", "Invitation code error."),
    (0, "retSuccess", "Success."),
    (1, "retRepeat", "Repeat registration."),
    (2, "retRegistering", "Registering."),
    (27, "retInit", "Parameters of Cloud is in initialization state."),
    (35, "retOnline", "Cloud platform is online."),
    (36, "retOffline", "Cloud platform is offline."),
    (101, "retAccepted", "Accepted."),
    (102, "retRefused", "Refused."),
    (103, "retWaiting", "Waiting."),
    (104, "retDeleted", "Deleted."),
]

RESULT_CODES = {v: Code(v, n, d) for v, n, d in _RESULT_CODES}
CLOUD_CODES = {v: Code(v, n, d) for v, n, d in _CLOUD_CODES}
BY_NAME = {c.name: c.value for c in RESULT_CODES.values()}


def lookup(value, cloud=False):
    """The Code for a result value; unknown values get a generic name rather than failing."""
    table = CLOUD_CODES if cloud else RESULT_CODES
    return table.get(value) or Code(value, f"code{value}", "Unknown result code.")


# Names used by the rulebook, emulator and client, so no magic numbers spread around.
SUCCEED = 0
REPEAT = 1
RUNNING = 2
CANCEL = 5
INIT = 27
PASSWD = -1
BUSY = -9
PARAM = -10
NOT_FOUND = -14
FILE = -15
NEED_AUTH = -17
NO_USER = -25
NO_PERMISSION = -26
SAME_NAME = -27
STRING = -28
CHANNELS_LIMITED = -29
LIMITED_8M = -30
FACEBOOK_LIMITED = -31
CODEC_LIMITED = -32
LIMITED_4G = -33
MWF_UNSUPPORTED = -34
RTSP_LIMITED = -41
RTSP_8M_LIMITED = -42
LOCK_LIVING = -43
