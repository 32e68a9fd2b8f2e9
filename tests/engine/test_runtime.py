"""The pure runtime: steps, answers, record events, safeguarding priority and JSON state."""

from __future__ import annotations

import json

import pytest

from convo.engine import AnswerError, Engine, EngineError, StaleAnswerError, band_for_year, dump_state, load_state

VET = {"said": "a vet", "soc2020": "2240", "title": "vet", "family": "Animal care", "needs_follow_up": False}


def types(events: list[dict]) -> list[str]:
    """Event types, without the turn events every answer makes."""
    return [event["type"] for event in events if event["type"] != "turn"]


def ids(result) -> list[str]:
    """Line ids of the step."""
    return [line["id"] for line in result.step["lines"]]


def play(engine: Engine, result, *answers: dict):
    """Apply answers in turn; return the last result and all events."""
    events: list[dict] = []
    for answer in answers:
        result = engine.answer(result.state, answer, turn=result.step["turn"])
        events += result.events
    return result, events


@pytest.mark.parametrize("year, band", [(0, "reception"), ("R", "reception"), ("Reception", "reception"),
                                        (1, "ks1"), ("Y2", "ks1"), ("Year 3", "lower_ks2"), (4, "lower_ks2"),
                                        ("5", "upper_ks2"), (6, "upper_ks2")])
def test_year_groups_map_to_bands(year, band):
    """R -> reception, Y1-2 -> ks1, Y3-4 -> lower_ks2, Y5-6 -> upper_ks2."""
    assert band_for_year(year) == band


@pytest.mark.parametrize("year", [7, -1, "Y9", "nursery", True])
def test_other_year_groups_are_refused(year):
    """Only primary year groups have a band."""
    with pytest.raises(ValueError):
        band_for_year(year)


def test_moving_to_secondary_is_for_year_6_only(engine):
    """Year 5 and Year 6 share a band, but only Year 6 moves to secondary."""
    assert "moving_to_secondary" in [s["id"] for s in engine.sessions_for(6)]
    assert "moving_to_secondary" not in [s["id"] for s in engine.sessions_for(5)]
    assert len(engine.sessions_for(0)) >= 6


def test_start_gives_lines_and_a_card_form(engine):
    """A Reception session starts with lines and picture cards with ids, labels and icons."""
    result = engine.start("things_i_love", 0)
    assert ids(result)[0] == "reception.things_i_love.hello.welcome"
    form = result.step["form"]
    assert form["kind"] == "cards"
    assert {"id", "label", "label_id", "icon"} <= set(form["cards"][0])
    assert result.step["turn"] == 0 and result.step["ended"] is None


def test_state_is_plain_json_and_input_is_never_changed(engine):
    """State round-trips through JSON and answering returns a new state."""
    start = engine.start("things_i_love", 0)
    before = json.dumps(start.state, sort_keys=True)
    restored = load_state(dump_state(start.state))
    after = engine.answer(restored, {"card": "animals"})
    assert json.dumps(start.state, sort_keys=True) == before
    assert after.state["turn"] == 1 and after.state is not restored


def test_state_from_another_format_is_refused():
    """A saved state in an unknown format is not run."""
    with pytest.raises(EngineError):
        load_state(json.dumps({"format": 99}))


def test_double_tap_is_refused_as_stale(engine):
    """An answer for an earlier turn (double tap, reload) is refused."""
    start = engine.start("things_i_love", 0)
    engine.answer(start.state, {"card": "animals"}, turn=0)
    later = engine.answer(start.state, {"card": "animals"}, turn=0)
    with pytest.raises(StaleAnswerError):
        engine.answer(later.state, {"choice": "yes"}, turn=0)


@pytest.mark.parametrize("answer", [{"card": "unicorn"}, {"text": "hello"}, {"choice": "yes"}, {},
                                    {"card": "a", "skip": True}])
def test_answers_that_do_not_fit_the_step_are_refused(engine, answer):
    """Only a card on screen fits a card step in Reception."""
    with pytest.raises(AnswerError):
        engine.answer(engine.start("things_i_love", 0).state, answer)


def test_picking_a_job_card_asks_likes_and_knows_someone_then_records(engine):
    """A job card leads to likes and a yes/no 'do you know someone', then an aspiration event."""
    start = engine.start("things_i_love", 0)
    result, events = play(engine, start, {"card": "animals"}, {"choice": "yes"}, {"card": "home"}, {"card": "chef"})
    assert ids(result) == ["reception.jobs.chef.says", "reception.replies.likes"]
    assert result.step["picture"] == "cook"
    result, events = play(engine, result, {"card": "making"}, {"choice": "no"})
    (aspiration,) = [e for e in events if e["type"] == "aspiration"]
    assert aspiration == {"type": "aspiration", "said": "Chef", "detail": None, "soc2020": "5434", "title": "chef",
                          "family": "Hospitality and food", "likes": "Making things", "likes_card": "making",
                          "knows_someone": "no", "via": "card", "session": "things_i_love"}


def test_a_typed_job_is_confirmed_with_its_picture(engine, analyser):
    """'A vet looks after poorly animals. Is that your job?' with the vet picture."""
    said = analyser.says("i wanna be a vetnary", aspirations=[VET])
    result, _ = play(engine, engine.start("jobs_i_know", 4), {"card": "doctor"}, {"choice": "yes"},
                     {"card": "books"}, {"card": "vet"}, {"choice": "no"}, {"text": said})
    assert ids(result) == ["lower_ks2.jobs.vet.says", "lower_ks2.replies.confirm_job"]
    assert result.step["picture"] == "paw-prints" and result.step["form"]["kind"] == "yes_no"
    assert analyser.calls[-1] == (said, 4)


def test_an_ambiguous_job_gets_a_follow_up_question(engine, analyser):
    """Teacher needs a follow-up: 'What would you like to teach?'"""
    first = analyser.says("a teacher", aspirations=[{**VET, "said": "a teacher", "soc2020": "2319",
                                                     "title": "teacher", "needs_follow_up": True}])
    second = analyser.says("little kids", aspirations=[{**VET, "said": "little kids", "soc2020": "2314",
                                                         "title": "primary teacher"}])
    result, _ = play(engine, engine.start("things_i_love", 3), {"card": "music"}, {"choice": "no"},
                     {"card": "making"}, {"text": first})
    assert ids(result) == ["lower_ks2.replies.follow_up.teacher"]
    result, _ = play(engine, result, {"text": second})
    assert ids(result) == ["lower_ks2.jobs.teacher.says", "lower_ks2.replies.confirm_job"]
    result, events = play(engine, result, {"choice": "yes"}, {"text": "helping"}, {"choice": "yes"})
    aspiration = next(e for e in events if e["type"] == "aspiration")
    assert (aspiration["said"], aspiration["detail"], aspiration["soc2020"]) == ("a teacher", "little kids", "2314")
    assert aspiration["likes"] == "helping" and aspiration["knows_someone"] == "yes"
    assert ids(result) == ["did_you_know.primary_teacher.lower_ks2"] and result.step["form"]["kind"] == "continue"
    assert result.step["lines"][0]["source"]["publisher"] == "Department for Education"


def test_saying_no_to_the_confirmation_asks_once_more(engine, analyser):
    """A wrong guess gets one 'What job did you mean?' with cards, then moves on."""
    said = analyser.says("vet", aspirations=[VET])
    result, _ = play(engine, engine.start("things_i_love", 5), {"card": "music"}, {"choice": "no"},
                     {"card": "making"}, {"text": said}, {"choice": "no"})
    assert ids(result) == ["upper_ks2.replies.job_not_right"]
    assert result.step["form"]["kind"] == "text" and result.step["form"]["cards"]
    result, events = play(engine, result, {"card": "not_sure"})
    assert ids(result) == ["upper_ks2.things_i_love.more.more"] and "aspiration" not in types(events)


def test_fantasy_leads_to_real_jobs_with_something_in_common(engine, analyser):
    """A unicorn gets a warm answer and cards for real jobs, never a correction."""
    said = analyser.says("a unicorn", fantasy=True)
    result, _ = play(engine, engine.start("jobs_i_know", 5), {"card": "doctor"}, {"choice": "no"},
                     {"card": "books"}, {"card": "vet"}, {"choice": "no"}, {"text": said})
    assert ids(result) == ["upper_ks2.replies.fantasy.unicorn.forest", "upper_ks2.replies.fantasy.unicorn.real"]
    assert [c["id"] for c in result.step["form"]["cards"]][:2] == ["gardener", "zookeeper"]
    result, _ = play(engine, result, {"card": "gardener"})
    assert ids(result) == ["upper_ks2.jobs.gardener.says", "upper_ks2.replies.likes"]


def test_unsure_is_welcome(engine, analyser):
    """'idk' gets 'That's fine' and jobs to look at, including 'Not sure yet'."""
    said = analyser.says("idk", unsure=True)
    result, _ = play(engine, engine.start("jobs_i_know", 3), {"card": "doctor"}, {"choice": "no"},
                     {"card": "books"}, {"card": "vet"}, {"choice": "no"}, {"text": said})
    assert ids(result)[0] == "lower_ks2.replies.unsure.fine"
    assert result.step["form"]["cards"][-1]["id"] == "not_sure"
    result, events = play(engine, result, {"card": "not_sure"})
    assert ids(result) == ["lower_ks2.jobs_i_know.ask.ask"] and types(events) == []


def test_a_stereotype_is_challenged_and_the_view_recorded(engine, analyser):
    """A counter-example, 'What do you think now?', and the answer recorded."""
    said = analyser.says("only boys can be builders", stereotype="gender")
    result, _ = play(engine, engine.start("never_thought_of", 6), {"text": said})
    assert ids(result)[-1] == "upper_ks2.replies.view_question"
    assert [c["id"] for c in result.step["form"]["choices"]] == ["changed", "same", "unsure"]
    result, events = play(engine, result, {"choice": "same"})
    assert [e for e in events if e["type"] == "stereotype"] == [{
        "type": "stereotype", "kind": "gender", "redacted": said, "view_after": "same",
        "challenge_id": "upper_ks2.replies.stereotype.gender"}]
    assert ids(result)[0] == "upper_ks2.never_thought_of.nurse.nurse"


@pytest.mark.parametrize("kind", ["gender", "ability", "social_class", "ethnicity_or_religion", "disability", "age"])
def test_every_stereotype_kind_has_an_answer_in_every_typing_band(engine, analyser, kind):
    """All six kinds get a counter-example and the view question."""
    said = analyser.says(f"a {kind} stereotype", stereotype=kind)
    for year in (3, 5):
        result, _ = play(engine, engine.start("never_thought_of", year), {"text": said})
        assert ids(result)[0].endswith(f"replies.stereotype.{kind}." + ids(result)[0].rsplit(".", 1)[1])
        assert result.step["form"]["kind"] == "choices"


def test_a_concern_comes_first_ends_calmly_and_keeps_verbatim_only_in_the_concern(engine, analyser):
    """Even with a job and a stereotype in the same answer, safeguarding wins."""
    said = analyser.says("my dad hits me and i want to be a vet, only boys are vets", aspirations=[VET],
                         stereotype="gender", redacted="my dad hits me and i want to be a vet, only boys are vets",
                         safeguarding={"concern": True, "kind": "physical_abuse", "severity": "high"})
    result, events = play(engine, engine.start("things_i_love", 5), {"text": said})
    assert ids(result) == ["upper_ks2.replies.concern", "upper_ks2.replies.concern_end"]
    assert result.step["lines"][0]["text"] == "Thank you for telling us. A grown-up at school will help."
    assert result.step["form"]["kind"] == "end" and result.step["ended"] == "concern"
    assert types(events) == ["concern", "session_end"]
    concern = events[1]
    assert concern == {"type": "concern", "verbatim": said, "kind": "physical_abuse", "severity": "high",
                       "rule": None}
    with pytest.raises(AnswerError):
        engine.answer(result.state, {"skip": True})


def test_a_low_severity_concern_goes_gently_on(engine, analyser):
    """A low-severity concern is recorded and answered, then the next question comes; nothing else is taken."""
    said = analyser.says("i was sad", aspirations=[VET], safeguarding={"concern": True, "kind": "wellbeing",
                                                                       "severity": "low"})
    result, events = play(engine, engine.start("things_i_love", 3), {"text": said})
    assert types(events) == ["concern"]
    assert ids(result) == ["lower_ks2.replies.concern", "lower_ks2.things_i_love.together.together"]


def test_an_unclear_severity_is_treated_as_serious(engine, analyser):
    """A concern with no severity ends the session, the careful choice."""
    said = analyser.says("something worrying", safeguarding={"concern": True, "kind": None, "severity": None})
    result, events = play(engine, engine.start("things_i_love", 3), {"text": said})
    assert result.step["ended"] == "concern"
    assert events[1]["severity"] == "high"


def test_personal_details_get_a_gentle_reply_and_only_redacted_text_is_stored(engine, analyser):
    """'We don't need that here', and the turn keeps the redacted words."""
    analyser.says("im sam smith i love football", personal_details=["full_name", "bogus"],
                  redacted="im [name] i love football")
    result, events = play(engine, engine.start("things_i_love", 4), {"text": "im sam smith i love football"})
    assert ids(result)[0] == "lower_ks2.replies.personal_details"
    turn = events[0]
    assert turn["answer"] == {"via": "text", "text": "im [name] i love football"}
    assert {"type": "personal_details", "kinds": ["full_name"]} in events
    assert {"type": "interest", "said": "im [name] i love football", "key": None, "via": "text"} in events
    assert "sam smith" not in json.dumps([e for e in events])


def test_missing_redacted_text_stores_nothing(engine, analyser):
    """If the analyser forgets 'redacted', the pupil's words are not stored."""
    analyser.results["my secret words"] = {}
    _, events = play(engine, engine.start("things_i_love", 4), {"text": "my secret words"})
    assert "my secret words" not in json.dumps(events)


def test_then_and_now_shows_last_time_and_asks_if_it_has_changed(engine):
    """The pupil sees what they said last time (with its picture) and is asked if it has changed."""
    last = {"title": "vet", "said": "a vet", "soc2020": "2240", "family": "Animal care"}
    result = engine.start("then_and_now", 2, context={"last_aspiration": last})
    assert result.step["lines"][1]["text"] == "Last time, you chose a vet."
    assert result.step["picture"] == "paw-prints" and result.step["form"]["kind"] == "yes_no"
    result, events = play(engine, result, {"choice": "yes"}, {"card": "animals"}, {"choice": "yes"})
    assert types(events) == ["then_and_now", "aspiration", "did_you_know"]
    by_type = {e["type"]: e for e in events}
    assert by_type["then_and_now"]["still"] == "yes" and by_type["aspiration"]["via"] == "then_and_now"


def test_then_and_now_without_a_past_never_asks_the_question_cold(engine):
    """With nothing from last time, the pupil is not asked to remember; they are asked now."""
    result = engine.start("then_and_now", 2)
    assert "last" not in " ".join(ids(result))
    assert ids(result)[-1] == "ks1.then_and_now.first_time.which"


def test_stop_for_now_keeps_a_confirmed_job_and_ends_calmly(engine):
    """Stopping part-way records what the pupil confirmed, says a calm line, and ends."""
    result, _ = play(engine, engine.start("things_i_love", 1), {"card": "music"}, {"choice": "no"},
                     {"card": "home"}, {"card": "musician"})
    stopped = engine.stop(result.state)
    assert types(stopped.events) == ["aspiration", "session_end"]
    assert stopped.events[0]["knows_someone"] == "not_said" and stopped.events[1]["reason"] == "stopped"
    assert ids(stopped) == ["ks1.replies.stopped"]


def test_skipping_is_always_allowed(engine):
    """A pupil can skip any question; a skipped 'do you know someone' is 'not_said'."""
    result, events = play(engine, engine.start("things_i_love", 0), {"skip": True}, {"skip": True}, {"skip": True},
                          {"card": "vet"}, {"skip": True}, {"skip": True})
    aspiration = next(e for e in events if e["type"] == "aspiration")
    assert aspiration["likes"] is None and aspiration["knows_someone"] == "not_said"
    assert result.step["can_skip"]


def test_known_jobs_record_whether_the_pupil_knows_someone_never_who(engine):
    """'Jobs I know' asks yes or no only."""
    result, events = play(engine, engine.start("jobs_i_know", 0), {"card": "builder"})
    assert ids(result) == ["reception.jobs.builder.says", "reception.replies.knows_someone"]
    result, events = play(engine, result, {"choice": "yes"})
    assert events[-1] == {"type": "known_job", "said": "Builder", "soc2020": "5319", "title": "builder",
                          "family": "Construction and trades", "knows_someone": "yes"}


def test_typing_needs_an_analyser(content):
    """An engine with no analyser cannot take typed answers."""
    start = Engine(content).start("things_i_love", 3)
    with pytest.raises(EngineError):
        Engine(content).answer(start.state, {"text": "football"})


def test_unknown_session_is_refused(engine):
    """Starting a session the band does not have is an error."""
    with pytest.raises(EngineError):
        engine.start("moving_to_secondary", 0)
