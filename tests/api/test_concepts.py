"""The neighbourhood of a concept: what is named beside it, and where."""


def test_neighbourhood_lists_cooccurring_concepts_and_documents(client):
    body = client.get("/api/concepts/双重预防机制/neighbourhood").json()
    labels = {n["label"]: n["kind"] for n in body["nodes"]}
    assert labels["煤矿"] == "sector"
    assert labels["四不放过"] == "formulation"
    assert {n["kind"] for n in body["nodes"]} >= {"document"}
    assert body["omitted"] == 0


def test_limit_cuts_and_counts_what_was_left_out(client):
    body = client.get("/api/concepts/双重预防机制/neighbourhood", params={"limit": 1}).json()
    assert body["omitted"] >= 1
