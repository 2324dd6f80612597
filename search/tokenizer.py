"""The one tokenizer of the site search, used both to index text and to read queries.

Chinese has no spaces and PostgreSQL has no Chinese parser, so text is cut into overlapping
character bigrams: 劳动竞赛 → 劳动 动竞 竞赛. Every Chinese word of two or more characters is
then a conjunction of bigrams, found whatever a dictionary would have done with it (高启秀为
holds 高启 启秀; 低碳普惠 holds 碳普 普惠). Latin words and numbers are kept whole,
lower-cased. Punctuation and whitespace separate runs and are dropped.

A plain module (no Django), so the benchmark and the tests can use it on their own.
"""

import re

# Unified CJK ideographs with extension A and the compatibility block.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Chinese characters, or a run of other letters and digits (Latin words, numbers).
_RUN = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}]+")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
# A query term: letters and digits of any script, so 2024年 stays one term.
_TERM = re.compile(r"[^\W_]+")

# What a query is cut to, so a pasted page of text costs no more than a short phrase:
# the first MAX_QUERY_LENGTH characters, then at most MAX_QUERY_TERMS terms of at most
# MAX_TERM_LENGTH characters each (a 20-character term is 19 bigrams).
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 8
MAX_TERM_LENGTH = 20


def tokenize(text):
    """The tokens of `text`, in order, repeats kept: bigrams of Chinese, whole other words.

    Other words longer than any query term (a pasted hash or serial number) are left out;
    PostgreSQL would refuse a lexeme of more than 2 KB anyway.
    """
    tokens = []
    for run in _RUN.findall(text):
        if _HAN_RUN.fullmatch(run) and len(run) > 1:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        elif len(run) <= MAX_TERM_LENGTH:  # no query term can be longer: it would never be found
            tokens.append(run.lower())
    return tokens


def term_tokens(term):
    """The tokens a text must hold to contain the query term `term`.

    A lone Chinese character inside a term (the 年 of 2020年, the 月 of 5月) is left out:
    in the text it starts or ends a longer run and so is indexed only inside bigrams. The
    substring check (`needs_substring_check`) restores it. A term that is one Chinese
    character has no tokens left and cannot be searched.
    """
    return [token for token in tokenize(term) if not (len(token) == 1 and _HAN_RUN.fullmatch(token))]


def needs_substring_check(term):
    """Whether the tokens alone can over-match `term`.

    One token (a two-character word, a Latin word) is an exact test; several bigrams all
    present need not be adjacent (碳普惠 vs 普惠碳), so the text itself must be checked.
    """
    return len(tokenize(term)) > 1


def query_terms(query, limit=MAX_QUERY_TERMS):
    """The terms of a reader's query, split on whitespace and punctuation, without
    duplicates or terms that cannot be searched, cut to the limits above (`limit` terms;
    None for all, so the search form can tell the reader there are too many)."""
    terms = [term[:MAX_TERM_LENGTH] for term in _TERM.findall(query[:MAX_QUERY_LENGTH])]
    return [term for term in dict.fromkeys(terms) if term_tokens(term)][:limit]
