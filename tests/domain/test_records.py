from mediation_app.domain.records import parse_qa


def test_question_and_answer_lines() -> None:
    text = "问：你何时购进苹果？\n答：10月28日，共120箱。\n问: 损坏多少？\n答：38箱，\n有照片为证。"
    assert parse_qa(text) == (("你何时购进苹果？", "10月28日，共120箱。"), ("损坏多少？", "38箱，\n有照片为证。"))


def test_free_text_is_not_qa() -> None:
    assert parse_qa("双方到场，核对了装车单。\n问：无") == ()
    assert parse_qa("") == ()
