"""The replies, read as the desk and a privacy lawyer would: request type × outcome × role,
each asserting the sections and the key sentences (pure: no OCR, no database)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from intake.config import Company
from ocr.model import Document
from outbox.drafts import DraftText, render_all
from outbox.gates import unfinished
from outbox.wording import REQUEST_TYPES, deficiency
from rules.answers import (
    Answers,
    Done,
    Provision,
    Refusal,
    Withheld,
    as_recorded,
    open_items,
    with_answers,
)
from rules.case import MemberMatch, build_case
from rules.engine import decide
from tests.unit.test_procedure_roles import (
    AGENT_OK,
    HANAKO_ADDR,
    PROC,
    RECEIVED,
    REGISTER,
    TARO_ADDR,
    letter,
    licence,
)

HELD = {**REGISTER, "status": "member", "held_name": "山田 太郎", "postal_code": "154-0015",
        "held_address": "東京都世田谷区桜新町二丁目5番3号"}
MEMBER = MemberMatch("M-1", "exact", HELD)
HELD_TO = "〒154-0015 東京都世田谷区桜新町二丁目5番3号 山田 太郎 様"


def replies(types: list[str], *, role: str = "self", member: MemberMatch = MEMBER,
            answers: Answers | None = None, docs: list[Document] | None = None,
            channel: str = "post", company: Company | None = None,
            **letter_fields: Any) -> tuple[Any, list[DraftText]]:
    if docs is None:
        docs = [letter(request_types=types, requester_role=role, **letter_fields), licence()]
    answers = answers or Answers()
    case = as_recorded(build_case(channel, RECEIVED, docs), answers)
    decision = with_answers(decide(case, member, PROC), case.types, answers, PROC)
    drafts = render_all(decision, case, member, company=company or Company(), procedure=PROC,
                        ref=7, today=RECEIVED, answers=answers)
    return decision, drafts


def section(body: str, n: int) -> str:
    """The text of the numbered section n of the 記 block."""
    m = re.search(rf"^{n}\. .*?(?=^\d+\. |\n\n本件に関する)", body, re.M | re.S)
    assert m, body
    return m.group(0)


# Every request type gets its own section saying what was, or will be, done.
@pytest.mark.parametrize(("types", "template", "type_outcomes", "sentences"), [
    (["disclosure"], "disclosure_result_letter", ["answer"],
     ["1. 開示のご請求について", "開示の方法：書面の交付（本書）",
      "契約プラン名：スタンダードプラン", "(5) その他の保有個人データ"]),
    (["correction"], "completion_letter", ["carry_out"], ["1. 訂正・追加・削除のご請求について"]),
    (["purpose_notice"], "purpose_notice_letter", ["answer"],
     ["1. 利用目的の通知のご請求について", "最適なパートナー候補", "IBJ"]),
    (["third_party_record_disclosure"], "third_party_record_letter", ["answer"],
     ["1. 第三者提供記録の開示のご請求について"]),
    (["disclosure", "suspension"], "disclosure_result_letter", ["answer", "carry_out"],
     ["1. 開示のご請求について", "2. 利用停止のご請求について"]),
    (["disclosure", "third_party_record_disclosure"], "disclosure_result_letter",
     ["answer", "answer"], ["1. 開示のご請求について", "2. 第三者提供記録の開示のご請求について"]),
    (["deletion", "purpose_notice"], "purpose_notice_letter", ["carry_out", "answer"],
     ["1. 消去のご請求について", "2. 利用目的の通知のご請求について"]),
])
def test_each_request_type_is_decided_and_answered_in_its_own_section(
        types: list[str], template: str, type_outcomes: list[str], sentences: list[str]) -> None:
    decision, drafts = replies(types)
    assert [(t.type, t.outcome) for t in decision.types] == list(zip(types, type_outcomes,
                                                                      strict=True))
    (draft,) = drafts
    assert draft.template == template and draft.to == HELD_TO
    for sentence in sentences:
        assert sentence in draft.body, sentence
    assert draft.body.count("のご請求について\n") == len(types)
    # A letter with a 記 ends it with 以上, after the last section.
    assert draft.body.rstrip().endswith("以上") and "\n記\n" in draft.body


def test_nothing_is_claimed_done_before_a_person_records_it() -> None:
    decision, (draft,) = replies(["correction"])
    assert "訂正いたしました" not in draft.body and "訂正等を行いました" not in draft.body
    assert unfinished(draft.body)  # a mark stands where what was done goes
    assert open_items(decision, Answers(), REQUEST_TYPES) == [
        "「訂正・追加・削除」について、対応した内容と完了日を記録してください"
        "（intake review done）。"]
    done = Answers(done={"correction": Done("ご住所を「東京都港区芝1-1-1」に訂正", "2026-12-03")})
    decision, (draft,) = replies(["correction"], answers=done)
    assert decision.types[0].outcome == "done"
    assert "ご請求のとおり、次のとおり訂正等を行いました。" in draft.body
    assert "対応完了日：令和8年12月3日" in draft.body
    assert not unfinished(draft.body) and not open_items(decision, done, REQUEST_TYPES)


def test_disclosure_needs_the_other_data_section_filled_or_declared_empty() -> None:
    decision, (draft,) = replies(["disclosure"])
    assert any("その他の保有個人データ" in m for m in open_items(decision, Answers(),
                                                               REQUEST_TYPES))
    none = Answers(other_data="")
    decision, (draft,) = replies(["disclosure"], answers=none)
    assert "上記のほかに、弊社が保有するご本人の個人データはございません。" in draft.body
    assert not open_items(decision, none, REQUEST_TYPES) and not unfinished(draft.body)
    filled = Answers(other_data="プロフィール（2024年4月登録）\nお見合いの記録 3件")
    _d, (draft,) = replies(["disclosure"], answers=filled)
    assert "       お見合いの記録 3件" in draft.body


def test_part_withheld_says_what_and_on_which_ground_of_article_33_2() -> None:
    answers = Answers(other_data="", withheld=[Withheld(
        "交際相手の方からの申告内容", "4", "お相手の方の権利利益を害するおそれがあるため")])
    decision, (draft,) = replies(["disclosure"], answers=answers)
    assert (decision.types[0].outcome, decision.types[0].grounds) == ("partial", ["4"])
    assert "(6) 開示しない情報とその理由" in draft.body
    assert "・交際相手の方からの申告内容" in draft.body
    assert "該当する事由：個人情報保護法第33条第2項第1号" in draft.body
    assert "理由：お相手の方の権利利益を害するおそれがあるため" in draft.body


def test_third_party_records_are_a_table_or_a_statement_that_there_are_none() -> None:
    rows = Answers(provisions=[Provision("2026-05-01", "株式会社IBJ", "プロフィール情報")])
    _d, (draft,) = replies(["third_party_record_disclosure"], answers=rows)
    assert "｜提供年月日｜提供先｜提供した項目｜" in draft.body
    assert "｜令和8年5月1日｜株式会社IBJ｜プロフィール情報｜" in draft.body
    _d, (draft,) = replies(["third_party_record_disclosure"], answers=Answers(provisions=[]))
    assert "ご本人に関するものはございません" in draft.body


@pytest.mark.parametrize(("status", "present", "absent"), [
    ("member", ["マイページ上のサービス", "IBJ", "提携先（機密保持契約締結"], ["オープラス会員"]),
    ("prospect", ["結婚チャンステスト", "お問い合わせへのご返答"], ["IBJ", "マイページ"]),
    ("withdrawn", ["オープラス会員", "債務が残っている場合に限り"], ["マイページ", "IBJ"]),
])
def test_purpose_notice_lists_every_purpose_the_policy_states_for_the_status(
        status: str, present: list[str], absent: list[str]) -> None:
    member = MemberMatch("M-1", "exact", {**HELD, "status": status})
    _d, (draft,) = replies(["purpose_notice"], member=member)
    for words in present:
        assert words in draft.body, words
    for words in absent:
        assert words not in draft.body, words
    # Thanks for custom (「お引き立て」) are for members only.
    assert ("お引き立て" in draft.body) == (status == "member")


@pytest.mark.parametrize(("types", "grounds", "outcome", "sentences"), [
    (["correction"], ["not_inaccurate"], "refuse", ["個人情報保護法第34条第1項・第2項"]),
    (["suspension"], ["no_violation"], "refuse",
     ["個人情報保護法第35条", "利用する必要がなくなった"]),
    (["third_party_stop"], ["no_violation_provision"], "refuse", ["法第27条第1項"]),
    (["disclosure"], ["5"], "refuse", ["個人情報保護法第33条第2項第2号"]),
    (["disclosure"], ["1"], "resubmit", ["改めてご請求いただけます"]),
])
def test_refusals_cite_the_law_that_answers_that_type(types: list[str], grounds: list[str],
                                                      outcome: str,
                                                      sentences: list[str]) -> None:
    answers = Answers(refused={types[0]: Refusal(grounds, "調査の結果、事実と相違がないため")})
    decision, (draft,) = replies(types, answers=answers)
    assert decision.types[0].outcome == outcome
    assert decision.outcome == "refuse" and draft.template == "refuse_letter"
    for s in sentences:
        assert s in draft.body, s
    assert "理由：調査の結果、事実と相違がないため" in draft.body


def test_grounds_offered_fit_the_request_type() -> None:
    codes = {t: {g.code for g in PROC.grounds_for(t)} for t in REQUEST_TYPES}
    assert {"4", "5", "6"} <= codes["disclosure"] and {"4", "5", "6"} <= \
        codes["third_party_record_disclosure"]
    for t in ("correction", "deletion", "suspension", "third_party_stop", "purpose_notice"):
        assert not {"4", "5", "6"} & codes[t], t
    assert "not_inaccurate" in codes["correction"] and "high_cost" in codes["suspension"]
    assert {"1", "2", "3"} <= codes["deletion"]  # identity, documents, no data: any type
    assert PROC.grounds["3"].effect == "no_data" and PROC.grounds["1"].effect == "resubmit"


def test_a_partial_refusal_answers_one_type_and_grants_the_other() -> None:
    answers = Answers(other_data="", refused={"suspension": Refusal(
        ["high_cost"], "全データの即時停止は困難なため", "ご紹介の対象から外しました")})
    decision, (draft,) = replies(["disclosure", "suspension"], answers=answers)
    assert decision.outcome == "accept"
    assert [t.outcome for t in decision.types] == ["answer", "alternative"]
    second = section(draft.body, 2)
    assert "代わりにとる措置：ご紹介の対象から外しました" in second
    assert "第35条第2項・第4項・第6項ただし書" in second
    assert not open_items(decision, answers, REQUEST_TYPES)


def test_the_chosen_disclosure_method_is_read_honoured_or_refused_with_a_reason() -> None:
    _d, (draft,) = replies(["disclosure"], disclosure_method="electronic")
    assert "ご指定の電磁的記録の提供による方法につきましては" in draft.body
    assert "個人情報保護法第33条第3項に基づくお知らせ" in draft.body
    on = Company(electronic_disclosure=True)
    _d, (draft,) = replies(["disclosure"], disclosure_method="electronic", company=on)
    assert "パスワード付きPDFファイル" in draft.body and "第33条第3項" not in draft.body
    no_mail = MemberMatch("M-1", "exact", {**HELD, "email": None})
    _d, (draft,) = replies(["disclosure"], disclosure_method="electronic", company=on,
                           member=no_mail)
    assert "メールアドレスを弊社で確認できず" in draft.body
    _d, (draft,) = replies(["disclosure"])
    assert "開示の方法：書面の交付（本書）" in draft.body and "第33条第3項" not in draft.body


def test_an_agent_is_named_in_the_principals_letter_and_told_without_data() -> None:
    _decision, (reply, notice) = replies(["disclosure"], docs=AGENT_OK)
    assert reply.to == HELD_TO
    assert "任意代理人 佐藤花子 様よりお受けいたしました" in reply.body
    assert "ご本人様からのご請求であることを確認" not in reply.body
    assert notice.template == "agent_notice_letter"
    assert notice.to == f"{HANAKO_ADDR} 佐藤花子 様"
    assert "ご本人様宛に直接お送りいたしました" in notice.body
    for data in ("スタンダードプラン", "090-1234-5678", "昭和60年", "山田"):
        assert data not in notice.body, data


def test_a_representative_whose_name_did_not_read_cannot_be_written_to_unfinished() -> None:
    docs = [letter(requester_role="legal_representative", agent_name=None,
                   agent_birth_date="1955-03-03", agent_address=TARO_ADDR),
            licence("山田一郎", "1955-03-03")]
    _decision, drafts = replies(["disclosure"], docs=docs)
    # Whoever is written to by name, the representative's name is asked of the reviewer.
    assert any(unfinished(d.body, d.to) for d in drafts)
    assert all("None" not in d.body + d.to for d in drafts)


def test_what_an_agent_must_resend_is_asked_of_the_agent() -> None:
    docs = [d for d in AGENT_OK if d.kind != "seal_certificate"]
    decision, (draft,) = replies(["disclosure"], docs=docs)
    assert decision.outcome == "request_documents"
    assert draft.to == f"{HANAKO_ADDR} 佐藤花子 様"
    assert "委任者ご本人の印鑑登録証明書を確認できませんでした" in draft.body


def test_a_mover_gets_a_receipt_that_reveals_nothing_then_the_answer_once_confirmed() -> None:
    moved = MemberMatch("M-1", "partial", {**HELD, "address": "東京都港区芝1-1-1"})
    decision, (draft,) = replies(["disclosure"], member=moved)
    assert [t.outcome for t in decision.types] == ["hold_address"]
    assert draft.template == "acknowledgement_letter"
    assert draft.to == f"{TARO_ADDR} 山田太郎 様"
    for revealing in ("ご登録", "結婚", "会員", "株式会社オーネット", "スタンダードプラン"):
        assert revealing not in draft.body, revealing
    confirmed = Answers(address="letter", other_data="")
    decision, (draft,) = replies(["disclosure"], member=moved, answers=confirmed)
    assert draft.template == "disclosure_result_letter"
    assert draft.to == f"{TARO_ADDR} 山田太郎 様"
    registered = Answers(address="registered", other_data="")
    _d, (draft,) = replies(["disclosure"], member=moved, answers=registered)
    assert draft.to.startswith("〒154-0015")


def test_no_data_waits_for_a_person_to_confirm_it() -> None:
    nobody = MemberMatch(None, "none")
    decision, (draft,) = replies(["disclosure"], member=nobody)
    assert decision.outcome == "no_data" and "confirm_no_data" in decision.review_points
    assert draft.template == "no_data_letter"
    assert any("会員検索" in m for m in open_items(decision, Answers(), REQUEST_TYPES))
    assert not open_items(decision, Answers(no_data_confirmed=True), REQUEST_TYPES)
    assert "存在しないことを確認いたしました" in draft.body and "応じかねる" not in draft.body


def test_letters_asking_for_id_copies_say_what_to_black_out() -> None:
    decision, (draft,) = replies(["disclosure"], docs=[letter(requester_role="self")])
    assert "id_document" in decision.deficiencies
    for words in ("記号・番号・保険者番号", "表面のみ",
                  "個人番号（マイナンバー）および本籍の記載のないもの"):
        assert words in draft.body, words
    _d, (guidance,) = replies(["disclosure"], channel="email",
                              docs=[letter(requester_role="self")])
    assert guidance.template == "guidance_email" and "記号・番号・保険者番号" in guidance.body
    assert "電磁的記録の提供" in guidance.body
    assert "画像は" not in guidance.body
    # An ID copy sent by email is not used, and the mail says it will be deleted.
    _d, (with_id,) = replies(["disclosure"], channel="email")
    assert "本人確認書類の画像は" in with_id.body and "削除いたします" in with_id.body


def test_a_follow_up_to_guidance_goes_to_the_desk_not_out_again() -> None:
    docs = [letter(requester_role="self")]
    case = build_case("email", RECEIVED, docs, follow_up=True)
    decision = decide(case, MEMBER, PROC)
    assert decision.outcome == "route_to_desk" and "follow_up" in decision.review_points
    (note,) = render_all(decision, case, MEMBER, company=Company(), procedure=PROC, ref=7,
                         today=RECEIVED)
    assert note.to == Company().email and "弊社からお送りしたメールへのご返信" in note.body


def test_every_deficiency_is_in_plain_words_never_a_code() -> None:
    codes = ["request_letter", "request_letter.seal", "id_document.mismatch",
             "power_of_attorney.matters", "seal_certificate.too_old", "something.new"]
    for code in codes:
        problem, remedy = deficiency(code)
        assert code not in problem + remedy and not re.search(r"[a-z_]{4,}", problem + remedy)
    # Enclosed but wrong is not "not enclosed".
    assert "同封されていません" not in deficiency("id_document.mismatch")[0]


@pytest.mark.parametrize("types", [["disclosure"], ["correction"], ["purpose_notice"]])
def test_one_era_style_per_letter(types: list[str]) -> None:
    answers = Answers(other_data="", done={"correction": Done("訂正", "2026-11-30")})
    _d, (draft,) = replies(types, answers=answers)
    assert not re.search(r"(?<![0-9])20[0-9]{2}年", draft.body), draft.body


def test_placeholders_and_unknown_addressees_are_named_by_the_gate() -> None:
    assert unfinished("お名前：（お名前不明）様") == ["宛名または住所が不明です：（お名前不明）"]
    assert unfinished("【担当者記入：訂正後の内容】") == ["未記入の箇所があります：訂正後の内容"]
    assert unfinished("【担当者記入】") == ["未記入の箇所があります：担当者記入"]
    nameless = [letter(requester_role="self", name=None, address=None),
                licence(name=None)]  # type: ignore[arg-type]
    _d, (draft,) = replies(["disclosure"], docs=nameless, member=MemberMatch(None, "none"))
    assert any("宛先の住所" in m for m in unfinished(draft.body, draft.to))


def test_refusal_ground_effects_turn_a_request_into_the_right_kind_of_answer() -> None:
    answers = Answers(refused={"disclosure": Refusal(["3"], "検索の結果、該当がありません")})
    decision = with_answers(decide(build_case("post", RECEIVED, [letter(
        requester_role="self"), licence()]), MEMBER, PROC), ["disclosure"], answers, PROC)
    assert decision.outcome == "no_data" and decision.refusal_reasons == [3]
    assert dt.date.fromisoformat(decision.due_date or "") > RECEIVED


GUARDIAN = [letter(requester_role="legal_representative", agent_name="鈴木弁護",
                   agent_birth_date="1970-01-01", agent_address=HANAKO_ADDR),
            Document("other", [2], {}, text="登記事項証明書（後見）成年後見人 鈴木弁護"),
            licence("鈴木弁護", "1970-01-01")]


@pytest.mark.parametrize(("docs", "outcome", "templates", "first_to"), [
    (GUARDIAN, "accept", ["disclosure_result_letter", "agent_notice_letter"], HELD_TO),
    (GUARDIAN[:1] + GUARDIAN[2:], "request_documents", ["request_documents_letter"],
     f"{HANAKO_ADDR} 鈴木弁護 様"),
    (AGENT_OK, "accept", ["disclosure_result_letter", "agent_notice_letter"], HELD_TO),
    ([letter(requester_role="self"), licence()], "accept", ["disclosure_result_letter"],
     HELD_TO),
    ([letter(requester_role="self")], "request_documents", ["request_documents_letter"],
     f"{TARO_ADDR} 山田太郎 様"),
], ids=["guardian", "guardian, no proof", "agent", "self", "self, no ID"])
def test_each_role_gets_its_replies_addressed_to_who_must_read_them(
        docs: list[Document], outcome: str, templates: list[str], first_to: str) -> None:
    decision, drafts = replies(["disclosure"], docs=docs)
    assert decision.outcome == outcome
    assert [d.template for d in drafts] == templates
    assert drafts[0].to == first_to
    if len(drafts) == 2:
        label = "法定代理人" if docs is GUARDIAN else "任意代理人"
        assert f"{label} " in drafts[0].body and f"{label}としてお受けいたしました" in \
            drafts[1].body


def test_a_mover_may_be_asked_for_proof_of_the_new_address_first() -> None:
    moved = MemberMatch("M-1", "partial", {**HELD, "address": "東京都港区芝1-1-1"})
    decision, (draft,) = replies(["disclosure"], member=moved, answers=Answers(address="proof"))
    assert [t.outcome for t in decision.types] == ["hold_address"]
    assert draft.template == "address_proof_letter" and draft.to == f"{TARO_ADDR} 山田太郎 様"
    assert "住民票の写し" in draft.body
    assert "個人番号（マイナンバー）および本籍の記載のないもの" in draft.body
    for revealing in ("ご登録", "結婚", "会員", "株式会社オーネット", "スタンダードプラン"):
        assert revealing not in draft.body, revealing


def test_a_refusal_for_unconfirmed_identity_never_says_identity_was_confirmed() -> None:
    answers = Answers(refused={"disclosure": Refusal(["1"], "ご本人確認ができませんでした")})
    decision, (draft,) = replies(["disclosure"], answers=answers)
    assert decision.types[0].outcome == "resubmit"
    assert "確認のうえ" not in draft.body and "改めてご請求いただけます" in draft.body


def test_a_misread_letter_name_still_finds_the_member_by_the_ids_reading() -> None:
    from rules.matching import find_member, match_member
    rows = [{"member_id": "M-1", "name": "山田太郎", "birth_date": "1985-05-01",
             "address": TARO_ADDR}]
    case = build_case("post", RECEIVED, [letter(requester_role="self", name="山田木郎"),
                                         licence()])
    found = find_member(case, lambda p: match_member(p, rows))
    assert (found.member_id, found.by) == ("M-1", "name+birth_date+address (本人確認書類の氏名)")
    # The letter still says what it says: the ID does not agree with it.
    assert "id_document.mismatch" in decide(case, found, PROC).deficiencies
    # An agent's own ID is never used to look for the person.
    agent_case = build_case("post", RECEIVED, AGENT_OK)
    assert find_member(agent_case, lambda p: match_member(p, [])).match == "none"


def test_a_name_read_in_the_new_form_of_an_unreadable_old_one_is_spelled_as_registered() -> None:
    from rules.matching import find_member, match_member, spell_as_registered
    row = {"member_id": "M-1", "name": "髙橋太郎", "birth_date": "1985-05-01",
           "address": TARO_ADDR}
    case = build_case("post", RECEIVED, [letter(requester_role="self", name="高橋太郎"),
                                         licence(name="高橋太郎")])
    found = find_member(case, lambda p: match_member(p, [row]))
    spelled, member = spell_as_registered(case, found)
    assert spelled.person.name == "髙橋太郎" and spelled.letter.fields["name"] == "髙橋太郎"
    assert member.by.endswith("氏名の字体は名簿による")
    assert case.letter.fields["name"] == "高橋太郎"  # what was read is left as it was
    # Only a form the model cannot write: 辺/邊 can be read either way, so 渡辺 stays.
    for read, registered in (("渡辺太郎", "渡邊太郎"), ("高橋大郎", "髙橋太郎")):
        row2 = {**row, "name": registered}
        other = build_case("post", RECEIVED, [letter(requester_role="self", name=read),
                                              licence(name=read)])
        kept, _ = spell_as_registered(other, find_member(other,
                                                         lambda p, r=row2: match_member(p, [r])))
        assert kept.letter.fields["name"] == read


@pytest.mark.parametrize(("member", "template"), [(MEMBER, "completion_letter"),
                                                  (MemberMatch(None, "none"), "no_data_letter")])
def test_types_whose_marks_could_not_be_told_are_answered_once_a_person_records_them(
        member: MemberMatch, template: str) -> None:
    unread = letter(request_types=None, requester_role="self")
    unread.doubts.append("request_types")  # options read, their marks not told apart
    decision, (draft,) = replies([], docs=[unread, licence()], member=member)
    assert decision.deficiencies == [] and decision.types == []
    # The reply names no type it was not told, and cannot be approved so.
    assert draft.template == template and "【担当者記入：ご請求の内容】のご請求" in draft.body
    assert any("intake review types" in m for m in open_items(decision, Answers(),
                                                              REQUEST_TYPES))
    assert unfinished(draft.body) == ["未記入の箇所があります：ご請求の内容"]
    recorded = Answers(types=["suspension"], no_data_confirmed=True)
    decision, (draft,) = replies([], docs=[unread, licence()], member=member,
                                 answers=recorded)
    assert [t.type for t in decision.types] == ["suspension"]
    assert "利用停止のご請求" in draft.body and "ご請求の内容" not in draft.body
    assert not any("intake review types" in m for m in open_items(decision, recorded,
                                                                  REQUEST_TYPES))


def test_types_a_person_reads_as_none_marked_make_a_request_for_the_type() -> None:
    unread = letter(request_types=None, requester_role="self")
    unread.doubts.append("request_types")
    decision, (draft,) = replies([], docs=[unread, licence()], answers=Answers(types=[]))
    assert decision.outcome == "request_documents"
    assert decision.deficiencies == ["request_letter.request_type"]
    assert not unfinished(draft.body)
    assert not any("intake review types" in m for m in open_items(decision, Answers(types=[]),
                                                                  REQUEST_TYPES))


def test_a_request_for_documents_names_unread_types_as_開示等() -> None:
    unread = letter(request_types=None, birth_date=None, requester_role="self")
    unread.doubts.append("request_types")
    decision, (draft,) = replies([], docs=[unread, licence()])
    assert decision.outcome == "request_documents"
    assert decision.deficiencies == ["request_letter.birth_date"]
    assert not unfinished(draft.body)
