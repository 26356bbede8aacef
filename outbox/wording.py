"""Plain-Japanese wording for codes, used by the reply templates."""

from __future__ import annotations

# deficiency code → (what is wrong, what to send)
DEFICIENCIES: dict[str, tuple[str, str]] = {
    "request_letter": ("同封の書類の中に、個人情報開示等依頼書を確認できませんでした。",
                       "日付・住所・氏名・生年月日をご記入のうえ押印した依頼書（書式自由）をお送りください。"),
    "request_letter.date": ("依頼書に日付の記載がありませんでした。", "ご記入日を記載した依頼書を改めてお送りください。"),
    "request_letter.name": ("依頼書にお名前の記載が確認できませんでした。", "お名前を記載した依頼書を改めてお送りください。"),
    "request_letter.address": ("依頼書にご住所の記載がありませんでした。",
                               "現在のご住所を記載した依頼書を改めてお送りください。"),
    "request_letter.birth_date": ("依頼書に生年月日の記載がありませんでした。",
                                  "生年月日を記載した依頼書を改めてお送りください。"),
    "request_letter.seal": ("依頼書に押印が確認できませんでした。", "お名前の横に押印した依頼書を改めてお送りください。"),
    "request_letter.request_type": ("ご請求の内容（開示・訂正・削除・利用停止等）が確認できませんでした。",
                                    "ご請求の内容（開示・訂正・削除・利用停止等）を記載した依頼書を改めてお送りください。"),
    "id_document": ("同封の書類の中に、ご本人の本人確認書類の写しを確認できませんでした。",
                    "運転免許証、旅券、写真付住民基本台帳カード、各種健康保険の資格確認書、"
                    "年金手帳、住民票などのうち一種の写し（有効期間中のもの）をお送りください。"),
    "id_document.expired": ("同封の本人確認書類の有効期限が過ぎていました。",
                            "有効期間中の本人確認書類の写しをお送りください。"),
    "id_document.not_accepted": ("同封の書類は本人確認書類としてお取り扱いできないものでした。",
                                 "運転免許証、旅券などの本人確認書類の写しをお送りください。"),
    "id_document.too_old": ("同封の住民票等の発行日から3か月を超えていました。",
                            "発行から3か月以内のものをお送りください。"),
    "id_document.mismatch": ("依頼書と本人確認書類とで、お名前または生年月日が一致しませんでした。",
                             "依頼書の記載内容をご確認のうえ、ご本人の本人確認書類の写しをお送りください。"),
    "power_of_attorney": ("同封の書類の中に、委任状を確認できませんでした。",
                          "委任者ご本人が直筆でご記入のうえ押印した委任状をお送りください。"),
    "seal_certificate": ("同封の書類の中に、委任者ご本人の印鑑登録証明書を確認できませんでした。",
                         "発行から3か月以内の印鑑登録証明書をお送りください。"),
    "seal_certificate.too_old": ("印鑑登録証明書の発行日から3か月を超えていました。",
                                 "発行から3か月以内の印鑑登録証明書をお送りください。"),
    "seal_certificate.mismatch": ("印鑑登録証明書の記載が委任状と一致しませんでした。",
                                  "委任者ご本人の印鑑登録証明書をお送りください。"),
    "agent_id_document": ("同封の書類の中に、代理人の方の本人確認書類の写しを確認できませんでした。",
                          "代理人の方の本人確認書類の写しをお送りください。"),
    "agent_id_document.expired": ("代理人の方の本人確認書類の有効期限が過ぎていました。",
                                  "有効期間中の本人確認書類の写しをお送りください。"),
    "agent_id_document.not_accepted": ("代理人の方の本人確認書類としてお取り扱いできない書類でした。",
                                       "運転免許証、旅券などの写しをお送りください。"),
    "agent_id_document.mismatch": ("代理人の方の本人確認書類と委任状の記載が一致しませんでした。",
                                   "代理人ご本人の本人確認書類の写しをお送りください。"),
    "proof_of_representation": ("同封の書類の中に、法定代理権を確認できる書類を確認できませんでした。",
                                "戸籍謄本（親権者の場合）または登記事項証明書（成年後見人の場合）をお送りください。"),
}

POA_FIELDS = {"title": "題名（委任状）", "date": "年月日", "addressee": "宛先",
              "principal_name": "委任する方のお名前", "principal_address": "委任する方のご住所",
              "principal_birth_date": "委任する方の生年月日", "principal_seal": "委任する方の押印",
              "agent_name": "代理人のお名前", "agent_address": "代理人のご住所",
              "agent_birth_date": "代理人の生年月日", "agent_seal": "代理人の押印",
              "matters": "委任事項"}

REQUEST_TYPES = {
    "disclosure": "開示", "correction": "訂正・追加・削除", "deletion": "消去",
    "suspension": "利用停止", "third_party_stop": "第三者提供の停止",
    "third_party_record_disclosure": "第三者提供記録の開示", "purpose_notice": "利用目的の通知",
    "applicant_erasure": "応募後の個人情報の抹消",
}

ROLES = {"self": "ご本人", "agent": "任意代理人", "legal_representative": "法定代理人"}

STATUSES = {"member": "ご入会中", "withdrawn": "退会済み", "prospect": "資料請求等のお客様"}


def deficiency(code: str) -> tuple[str, str]:
    if code in DEFICIENCIES:
        return DEFICIENCIES[code]
    if code.startswith("power_of_attorney."):
        label = POA_FIELDS.get(code.split(".", 1)[1], code.split(".", 1)[1])
        return (f"委任状に「{label}」の記載が確認できませんでした。",
                f"「{label}」を記載した委任状をお送りください。")
    # Never an internal code in a customer's letter: the document it concerns, in words.
    head = code.split(".", 1)[0]
    what = DOCUMENTS.get(head, "ご提出の書類")
    return (f"{what}の内容を確認できませんでした。",
            f"{what}をご確認のうえ改めてお送りいただくか、下記窓口までお問い合わせください。")


DOCUMENTS = {"request_letter": "個人情報開示等依頼書", "id_document": "本人確認書類の写し",
             "agent_id_document": "代理人の方の本人確認書類の写し",
             "power_of_attorney": "委任状", "seal_certificate": "印鑑登録証明書",
             "proof_of_representation": "法定代理権を確認できる書類"}


def request_types(types: list[str]) -> str:
    return "・".join(REQUEST_TYPES.get(t, t) for t in types) or "開示等"
