"""Units of the language: every spelling a user may write gives the device's number."""
import pytest

from usconf.model import units


@pytest.mark.parametrize("text, kbps", [
    ("8M", 8192), ("8m", 8192), ("8192k", 8192), ("8192K", 8192), ("8192", 8192), (8192, 8192),
    ("1.5M", 1536), ("128k", 128), ("4M", 4096), ("0.5M", 512), ("768", 768), (4096.0, 4096),
])
def test_bitrates_are_kbps_with_1M_as_1024k(text, kbps):
    assert units.bitrate_kbps(text) == kbps


@pytest.mark.parametrize("bad", ["1.3M", "fast", "", "8 G", True, 1.5, "-1M"])
def test_bitrates_that_are_not_whole_kbps_are_refused(bad):
    with pytest.raises(ValueError):
        units.bitrate_kbps(bad)


@pytest.mark.parametrize("kbps, text", [(8192, "8M"), (4096, "4M"), (1536, "1.5M"), (1024, "1M"), (128, "128k"),
                                        (768, "768k"), (3072, "3M"), (1331, "1331k")])
def test_bitrate_text_is_the_shortest_exact_spelling(kbps, text):
    assert units.bitrate_text(kbps) == text
    assert units.bitrate_kbps(text) == kbps


@pytest.mark.parametrize("fps, duration", [(15, 666667), (24, 416667), (25, 400000), (29.97, 333667),
                                           (30, 333333), (50, 200000), (59.94, 166833), (60, 166667)])
def test_every_frame_rate_of_the_device_table_both_ways(fps, duration):
    assert units.duration_of_fps(fps) == duration
    assert units.fps_of_duration(duration) == fps


def test_a_frame_rate_off_the_table_keeps_its_exact_interval_for_the_capability_check():
    assert units.duration_of_fps(48) == 208333
    assert units.fps_of_duration(208333) == 48.0


@pytest.mark.parametrize("text, seconds", [("2s", 2), (2, 2), ("60s", 60), ("10", 10), ("1m", 60)])
def test_seconds(text, seconds):
    assert units.seconds(text) == seconds


def test_enums_by_name_both_ways_and_unknown_codes_kept():
    assert units.SD_OPTION.code("loop") == 2 and units.SD_OPTION.name(2) == "loop"
    assert units.SERVER_TYPE.code("rtsp") == 100
    assert units.UPLOAD_TYPE.name(1) == "google_drive"
    assert units.CODEC.name(7) == 7       # an unknown device code is shown, not dropped
    with pytest.raises(ValueError, match="h264, hevc"):
        units.CODEC.code("av1")
