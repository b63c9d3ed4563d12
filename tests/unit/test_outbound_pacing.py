"""The paced sender's arithmetic: bursts, spacing per chat, and pauses."""

from bot.outbound import _Spacing


def test_a_burst_goes_at_once_then_sends_are_spaced() -> None:
    spacing = _Spacing(interval=0.1, burst=3)
    slots = [spacing.reserve(10.0) for _ in range(5)]
    assert slots[:3] == [10.0, 10.0, 10.0]
    assert slots[3:] == [10.1, 10.2]


def test_a_quiet_spell_earns_the_burst_back_but_no_more() -> None:
    spacing = _Spacing(interval=1.0, burst=2)
    assert [spacing.reserve(0.0), spacing.reserve(0.0), spacing.reserve(0.0)] == [0.0, 0.0, 1.0]
    # Long after: two at once again, not a backlog of saved-up slots.
    assert [spacing.reserve(100.0) for _ in range(3)] == [100.0, 100.0, 101.0]


def test_one_per_interval_in_a_chat() -> None:
    spacing = _Spacing(interval=3.0, burst=1)
    assert [spacing.reserve(5.0) for _ in range(3)] == [5.0, 8.0, 11.0]


def test_a_pause_holds_every_slot_until_it_ends() -> None:
    spacing = _Spacing(interval=1.0, burst=1)
    spacing.pause_until(20.0)
    assert spacing.reserve(10.0) == 20.0
    assert spacing.reserve(10.0) == 21.0
