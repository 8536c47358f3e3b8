"""The words a debrief detail is looked for by (no-specific) keep their combining marks: a
Devanagari vowel sign or virama is inside its word, as the spelling check reads it ('शर्मा' is
one word, not 'शर' and 'म')."""

from afterview.reviewer.rules.content import keywords, mentions


def test_a_hindi_topic_is_found_in_the_note_whole():
    body = keywords("नमस्ते प्रिया जी, हमारी बातचीत में डेटा पाइपलाइन और स्ट्रीमिंग की चर्चा बहुत अच्छी लगी।")
    assert mentions("स्ट्रीमिंग डेटा पाइपलाइन", body)
    assert not mentions("क्लाउड लागत अनुकूलन", body)  # another topic: not found


def test_words_are_not_broken_at_their_marks():
    assert len(keywords("स्ट्रीमिंग")) == 1
