"""Readability: syllable heuristic against dictionary counts, Flesch formulas, length and bullets."""

import pytest

from jd.review.readability import count_bullets, count_syllables, readability, sentences, words

# Dictionary syllable counts (Merriam-Webster hyphenation) of words common in job descriptions.
# Many of these are in the heuristic's exception list or shaped its rules.
TUNED = """
make 1 table 2 worked 1 wanted 2 needed 2 managed 2 developed 3 used 1 makes 1 manages 3 boxes 2 uses 2 services 3
roles 1 tables 2 goes 1 tries 1 requires 2 times 1 databases 4 employee 3 you 1 year 1 beyond 2 company 3 analysis 4
system 2 day 1 they 1 social 2 media 3 trial 2 financial 3 initial 3 potential 3 material 4 action 2 period 3 radio 3
portfolio 4 various 3 previous 3 ambitious 3 usual 3 actual 3 quality 3 language 2 equal 2 individual 5 graduate 3
value 2 true 1 issue 2 continue 3 people 2 video 3 experience 4 companies 3 applied 2 easier 3 the 1 team 1 engineer 3
engineering 4 software 2 develop 3 development 4 responsible 4 responsibilities 6 customer 3 customers 3 product 2
products 2 design 2 designs 2 support 2 strong 1 skills 1 communication 5 collaborate 4 collaboration 5 work 1
working 2 with 1 across 2 teams 1 build 1 building 2 maintain 2 ensure 2 ensures 2 deliver 3 delivery 4 opportunity 5
opportunities 5 benefits 3 salary 3 insurance 3 health 1 apply 2 application 4 applications 4 candidate 3 candidates 3
ability 4 able 2 excellent 3 knowledge 2 required 2 preferred 2 degree 2 technical 3 technology 4 data 2 python 2
environment 4 manager 3 management 3 operations 4 business 2 growth 1 high 1 quickly 2 problems 2 solve 1 solutions 3
including 3 provide 2 provides 2 process 2 processes 3 improve 2 identify 4 analyze 3 analytical 5 review 2 code 1
write 1 writes 1 clean 1 test 1 tests 1 testing 2 documentation 5 mentor 2 junior 2 senior 2 lead 1 leads 1 leading 2
our 1 mission 2 help 1 helps 1 world 1 every 2 schedule 2 hours 1 reliable 4 scalable 3 available 4 fast 1 paced 1
time 1 full 1 remote 2 office 2 located 3 problem 2 project 2 projects 2 create 2 stakeholders 3 requirements 3
architecture 4 infrastructure 4 performance 3 security 4 services 3 service 2 online 2 platform 2 platforms 2
feature 2 features 2 users 2 user 2 simple 2 little 2 able 2 possible 3 responsibility 6 make 1 hire 1 hiring 2
tired 1 fire 1 using 2 believe 2 achieve 2 focus 2 focused 2 success 2 successful 3 growing 2 value 2 values 2 learn 1
learning 2 ideas 3 agile 2 sprint 1 planning 2 quarterly 3 annual 3 bonus 2 paid 1 leave 1 parental 3 dental 2
vision 2 medical 3 retirement 4 plan 1 equity 3 flexible 3 generous 3 competitive 4 culture 2 diverse 2 diversity 4
inclusive 3 equal 2 employer 3 welcome 2 encourage 3 background 2 backgrounds 2 regardless 3 race 1 religion 3
gender 2
"""
# Words chosen after the heuristic was written, from other kinds of jobs: a held-out check.
HELD_OUT = """
warehouse 2 forklift 2 shipment 2 shipments 2 inventory 4 accurate 3 accuracy 4 safely 2 procedures 3 procedure 3
nurse 1 nurses 2 patient 2 medication 4 hospital 3 shift 1 shifts 1 weekend 2 weekends 2 teacher 2 teachers 2
students 2 student 2 classroom 2 lesson 2 lessons 2 curriculum 4 parents 2 assessment 3 assessments 3 marketing 3
campaign 2 campaigns 2 brand 1 content 2 social 2 audience 3 analytics 4 budget 2 budgets 2 forecast 2 revenue 3
accounting 3 ledger 2 invoices 3 invoice 2 payroll 2 compliance 3 regulations 4 regulatory 5 legal 2 contract 2
contracts 2 negotiate 4 vendor 2 vendors 2 purchase 2 orders 2 order 2 deliveries 4 driver 2 drivers 2 license 2
vehicle 3 route 1 routes 1 customer 3 complaints 2 resolve 2 resolving 3 escalate 3 escalations 4 ticket 2 tickets 2
cloud 1 kubernetes 4 deploy 2 deployment 3 monitor 3 monitoring 4 incident 3 incidents 3 reliability 6 latency 3
throughput 2 pipeline 2 pipelines 2 automated 4 automation 4 script 1 scripts 1 database 3 queries 2 query 2
optimize 3 optimized 3 research 2 researcher 3 experiments 4 experiment 4 statistics 3 statistical 4 model 2 models 2
train 1 trained 1 evaluate 4 evaluation 5 publish 2 papers 2 paper 2 conference 3 chemistry 3 laboratory 5 samples 2
sample 2 equipment 3 maintenance 3 repair 2 repairs 2 electrical 4 mechanical 4 drawings 2 blueprints 2 construction 3
site 1 sites 1 crew 1 crews 1 schedules 2 estimate 3 estimates 3 recruit 2 recruiting 3 interview 3 interviews 3
onboarding 3 training 2 coaching 2 feedback 2 goals 1 goal 1 quarter 2 weekly 2 monthly 2 daily 2 reports 2 report 2
presentation 4 presentations 4 executive 4 executives 4 director 3 directors 3 vice 1 president 3 strategy 3
strategic 3 vision 2 mission 2 passionate 3 motivated 4 curious 3 thoughtful 2 humble 2 kind 1
"""


def _pairs(block):
    tokens = block.split()
    return dict(zip(tokens[::2], map(int, tokens[1::2]), strict=False))


def _accuracy(block):
    reference = _pairs(block)
    wrong = {w: (count_syllables(w), n) for w, n in reference.items() if count_syllables(w) != n}
    return 1 - len(wrong) / len(reference), wrong


def test_syllables_of_tuned_words():
    accuracy, wrong = _accuracy(TUNED)
    assert accuracy >= 0.98, wrong


def test_syllables_of_held_out_words():
    accuracy, wrong = _accuracy(HELD_OUT)
    assert accuracy >= 0.93, wrong


@pytest.mark.parametrize("word, expected", [("a", 1), ("I", 1), ("", 0), ("2025", 1), ("don't", 1), ("Team's", 1)])
def test_syllable_edge_cases(word, expected):
    assert count_syllables(word) == expected


def test_flesch_formulas_on_a_simple_sentence():
    # 6 words, 1 sentence, 6 syllables.
    result = readability("The cat sat on the mat.")
    assert (result["words"], result["sentences"], result["syllables"]) == (6, 1, 6)
    assert result["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1, abs=0.05)
    assert result["grade_level"] == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59, abs=0.05)
    assert result["ease_label"] == "very easy"


def test_harder_text_scores_lower():
    easy = "You will fix bugs. You will write tests. You will help the team ship on time."
    hard = (
        "The successful candidate will be responsible for the architectural specification, "
        "implementation and continuous optimisation of distributed infrastructure."
    )
    assert readability(easy)["flesch_reading_ease"] > 80
    assert readability(hard)["flesch_reading_ease"] < 10
    assert readability(hard)["grade_level"] > readability(easy)["grade_level"] + 10


def test_each_bullet_line_is_a_sentence_and_markdown_is_not_counted():
    text = "## Key responsibilities\n\n- Write **clean** code\n- Review [pull requests](https://x.example/pr)\n"
    assert len(sentences(text)) == 3
    assert words(text) == ["Key", "responsibilities", "Write", "clean", "code", "Review", "pull", "requests"]


@pytest.mark.parametrize("count, verdict", [(299, "too short"), (300, "good"), (700, "good"), (701, "too long")])
def test_length_verdict_at_the_edges(count, verdict):
    assert readability("word " * count)["length_verdict"] == verdict


def test_bullets_under_the_responsibilities_heading():
    text = (
        "## Data Analyst\n\nAbout us...\n\n### Key responsibilities\n\n"
        + "".join(f"- Duty number {i}\n" for i in range(7))
        + "\n### Requirements\n\n- SQL\n- Python\n"
    )
    assert count_bullets(text) == 7
    assert readability(text)["bullets_verdict"] == "good"


def test_bullets_without_a_heading_counts_all_bullet_lines():
    assert count_bullets("* one\n* two\n1. three\nplain line\n") == 3


def test_duties_given_decide_the_bullet_count():
    result = readability("some text", duties=["a", "b", "c"])
    assert result["bullets"] == 3
    assert result["bullets_verdict"] == "too few"
    assert readability("x", duties=[str(i) for i in range(11)])["bullets_verdict"] == "too many"


def test_empty_text():
    result = readability("")
    assert result["words"] == 0
    assert result["length_verdict"] == "too short"


def test_english_result_names_its_formula_and_language():
    result = readability("The cat sat on the mat.")
    assert (result["language"], result["formula"], result["rated"], result["note"]) == (
        "en",
        "Flesch reading ease",
        True,
        "",
    )
    assert result["reading_ease"] == result["flesch_reading_ease"]
    assert result["ease_scale"] == {"full_at": 50, "zero_at": 10}


def test_an_unknown_language_code_falls_back_to_english():
    assert readability("The cat sat on the mat.", language="xx")["language"] == "en"
