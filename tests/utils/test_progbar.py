"""Progbar: counts, running averages, stateful metrics, verbose modes, plain output."""

import io

import pytest

from unison import config
from unison.utils import Progbar


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_plain_stream_prints_lines_with_averages():
    stream = io.StringIO()
    bar = Progbar(4, interval=0.0, stream=stream)
    for step, loss in enumerate([1.0, 2.0, 3.0, 4.0]):
        bar.update(step + 1, values=[("loss", loss)])
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and "\r" not in stream.getvalue()
    assert lines[0].startswith("1/4 [") and "ETA" in lines[0] and "loss: 1.0000" in lines[0]
    assert lines[1].endswith("loss: 1.5000")
    assert lines[-1].startswith("4/4 [==============================]")
    assert "loss: 4.0000" in lines[-1]  # the final update shows the last value, as Keras


def test_stateful_metrics_are_shown_as_given():
    stream = io.StringIO()
    bar = Progbar(3, interval=0.0, stream=stream, stateful_metrics=["acc"])
    bar.update(1, [("acc", 0.2), ("loss", 2.0)])
    bar.update(2, [("acc", 0.6), ("loss", 4.0)])
    line = stream.getvalue().splitlines()[-1]
    assert "acc: 0.6000" in line and "loss: 3.0000" in line


def test_add_and_unknown_target():
    stream = io.StringIO()
    bar = Progbar(None, interval=0.0, stream=stream)
    bar.add(5)
    bar.add(5)
    assert stream.getvalue().splitlines()[-1].lstrip().startswith("10/Unknown")


def test_verbose_two_prints_only_at_the_end():
    stream = io.StringIO()
    bar = Progbar(3, verbose=2, stream=stream)
    bar.update(1, [("loss", 1.0)])
    bar.update(2, [("loss", 1.0)])
    assert stream.getvalue() == ""
    bar.update(3, [("loss", 1.0)])
    assert stream.getvalue().startswith("3/3 - ") and stream.getvalue().endswith("\n")


def test_verbose_zero_is_silent():
    stream = io.StringIO()
    bar = Progbar(2, verbose=0, stream=stream)
    bar.update(2, [("loss", 1.0)])
    assert stream.getvalue() == ""


def test_terminal_redraws_in_place_unless_interactive_logging_is_off():
    stream = _Terminal()
    bar = Progbar(2, interval=0.0, stream=stream)
    bar.update(1)
    bar.update(2)
    assert stream.getvalue().count("\r") == 2 and stream.getvalue().endswith("\n")
    config.disable_interactive_logging()
    try:
        stream = _Terminal()
        bar = Progbar(2, interval=0.0, stream=stream)
        bar.update(1)
        bar.update(2)
        assert "\r" not in stream.getvalue() and len(stream.getvalue().splitlines()) == 2
    finally:
        config.enable_interactive_logging()


def test_interval_throttles_updates():
    stream = io.StringIO()
    bar = Progbar(100, interval=60.0, stream=stream)
    for step in range(1, 100):
        bar.update(step)
    assert len(stream.getvalue().splitlines()) == 1
    bar.update(100)
    assert len(stream.getvalue().splitlines()) == 2


def test_both_metric_lists_rejected():
    with pytest.raises(ValueError, match="not both"):
        Progbar(1, stateful_metrics=["a"], stateless_metrics=["b"])
