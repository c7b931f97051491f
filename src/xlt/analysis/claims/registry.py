"""The five papers' findings as checkable claims: one entry each. Adding a claim is one more entry here
(and, when no measurement fits, one function in measures.py).

Margins: "matches" and "at least as good" allow measures.MARGIN (5) points below; "little" is a band of
5 points either side; "weak" is |r| < 0.5. Thresholds are xlt's reading of the papers' words, not numbers
the papers give, except CH6's 0.87.
"""

from __future__ import annotations

from xlt.analysis.claims import measures as m
from xlt.analysis.claims.core import Claim, Rule

SHAHAM = "Shaham et al., Multilingual Instruction Tuning With Just a Pinch of Multilinguality"
LUCKY52 = "Ji & Chen, Lucky 52"
CHEN = "Chen et al., Monolingual or Multilingual Instruction Tuning: Which Makes a Better Alpaca"
SHIMABUCORO = "Shimabucoro et al., A Post-trainer's Guide to Multilingual Training Data"
DHALIWAL = "Dhaliwal et al., English is Not All You Need"

ABOVE_ZERO, BELOW_ZERO = Rule(above=0.0), Rule(below=0.0)
NOT_WORSE = Rule(above=-m.MARGIN)
LITTLE = Rule(above=-m.MARGIN, below=m.MARGIN)

CLAIMS: list[Claim] = [
    Claim("SH1", SHAHAM, "Monolingual tuning transfers to other languages.",
          "monolingual models minus the untuned base, in the languages each was not tuned on",
          "monolingual design, reference base model", m.sh1_transfer, ABOVE_ZERO),
    Claim("SH2", SHAHAM, "A 1% pinch of multilingual data lifts the languages it adds.",
          "smallest P > 0 minus P = 0, in the mixture's non-English languages", "pinch design with P = 0",
          m.sh2_pinch_seen, ABOVE_ZERO),
    Claim("SH3", SHAHAM, "The pinch also lifts languages unseen in tuning.",
          "smallest P > 0 minus P = 0, in languages outside the mixture",
          "pinch design over part of the evaluation languages, with P = 0", m.sh3_pinch_unseen, ABOVE_ZERO),
    Claim("SH4", SHAHAM, "English falls as P grows.", "English: largest P minus P = 0",
          "pinch design, English evaluated", m.sh4_english_falls, BELOW_ZERO),
    Claim("SH5", SHAHAM, "P = 100 matches monolingual tuning on most languages.",
          "largest P minus each language's monolingual model, in that language (at most 5 points below)",
          "pinch and monolingual designs", m.sh5_full_pinch_matches, NOT_WORSE),
    Claim("SH6", SHAHAM, "Unseen languages improve from 1 to 3-4 training languages, then saturate.",
          "on languages outside each mixture: gain from k = 1 to k = 3-4 minus gain from k = 3-4 to the most",
          "num_languages design", m.sh6_unseen_saturate, ABOVE_ZERO),
    Claim("SH7", SHAHAM, "A bilingual pair beats both of its monolingual parents.",
          "bilingual model minus the better parent, languages outside the pair, mean over pairs",
          "bilingual_pairs and monolingual designs", m.sh7_bilingual, ABOVE_ZERO),
    Claim("SH8", SHAHAM, "Script or subfamily match matters little for transfer.",
          "monolingual transfer to same-script or same-family languages minus to the others (within 5 points)",
          "monolingual design", m.sh8_script_family, LITTLE),
    Claim("SH9", SHAHAM, "The gain correlates weakly with the language's pretraining share.",
          "Pearson r over non-English languages: mean gain over the base vs pretraining share (|r| < 0.5)",
          "reference base model, pretraining shares (the micro base records them)", m.sh9_pretraining_share,
          Rule(above=-0.5, below=0.5)),
    Claim("LK1", LUCKY52, "More languages help, with diminishing returns.",
          "all languages: gain from 1 to the middle count minus gain from the middle to the most",
          "progressive design", m.lk1_more_languages, ABOVE_ZERO),
    Claim("LK2", LUCKY52, "Some languages drop when specific languages are added.",
          "the clearest drop of one language from one step of the progressive order to the next (Bonferroni "
          "interval over the language x step changes)",
          "progressive design", m.lk2_drops, BELOW_ZERO),
    Claim("LK3", LUCKY52, "Tuning can fall below the base model on commonsense multiple choice.",
          "the tuned run furthest below the base on a multiple-choice task (acc, acc_norm; Bonferroni interval "
          "over the runs)",
          "multiple-choice eval set, reference base model", m.lk3_below_base, BELOW_ZERO),
    Claim("LK4", LUCKY52, "Exposure groups order seen-in-both > seen-in-base-only > unseen.",
          "the smaller of the two steps of the order, by pretraining exposure and SFT",
          "languages the base never saw (exposure share 0)", m.lk4_exposure_order, ABOVE_ZERO),
    Claim("LK5", LUCKY52, "Genetic similarity predicts transfer better than the number of languages.",
          "Pearson r with genetic similarity minus r with language count, mean over evaluation languages",
          "progressive or num_languages design (4+ runs), lang2vec", m.lk5_genetic_vs_count, ABOVE_ZERO),
    Claim("CH1", CHEN, "Multilingual LoRA tuning is at least as good as monolingual.",
          "LoRA: multilingual minus monolingual, each language by its own model (at most 5 points below)",
          "budget design (monolingual, multilingual), LoRA", m.ch1_lora_multi, NOT_WORSE),
    Claim("CH2", CHEN, "Full fine-tuning of small models prefers monolingual data.",
          "full fine-tuning of the smallest model: monolingual minus multilingual, each language by its own model",
          "budget design (monolingual, multilingual), full fine-tuning", m.ch2_full_mono, ABOVE_ZERO),
    Claim("CH3", CHEN, "Downsampled multilingual tuning is far better than English-only.",
          "downsampled minus English-only, non-English languages of the budget",
          "budget design (downsampled, english_only)", m.ch3_downsampled_vs_english, ABOVE_ZERO),
    Claim("CH4", CHEN, "Downsampled multilingual tuning is better on unseen languages.",
          "downsampled minus full multilingual, languages outside the budget's languages",
          "budget design (downsampled, multilingual), unseen evaluation languages", m.ch4_downsampled_unseen,
          ABOVE_ZERO),
    Claim("CH5", CHEN, "English-only tuning is the least language-robust.",
          "language fidelity on non-English prompts: each other variant minus English-only, the closest one",
          "budget design, [eval] lid (fidelity)", m.ch5_english_least_robust, ABOVE_ZERO),
    Claim("CH6", CHEN, "The judge agrees with human raters at r >= 0.87.",
          "system-level Pearson r between judge and human scores", "human ratings (xlt human import)",
          m.ch6_judge_human, Rule(above=0.87)),
    Claim("PG1", SHIMABUCORO, "Gains plateau near a few hundred examples per language (later for math).",
          "seen languages: gain from the first to the middle size minus gain from the middle to the largest "
          "(the plateau; not the 'later for math' part)", "incremental design", m.pg1_plateau, ABOVE_ZERO),
    Claim("PG2", SHIMABUCORO, "Larger models transfer more.",
          "gain over its base on languages outside the mixture: the last listed model minus the first",
          "two base models, reference base models", m.pg2_larger_transfers_more, ABOVE_ZERO),
    Claim("PG3", SHIMABUCORO, "Math gains the most from multilingual data.",
          "gain over the base on non-English languages: math minus the best other 0-1 task",
          "math and another task, reference base model", m.pg3_math_gains_most, ABOVE_ZERO),
    Claim("PG4", SHIMABUCORO, "Multi-task mixing costs math.",
          "math: multi-task incremental runs minus math-only incremental runs",
          "incremental designs, math alone and mixed", m.pg4_multitask_costs_math, BELOW_ZERO),
    Claim("PG5", SHIMABUCORO, "Seen and unseen gains correlate (r 0.67-0.88).",
          "Pearson r across runs: gain on seen vs on unseen languages", "3+ tuned runs",
          m.pg5_seen_unseen_correlate, ABOVE_ZERO),
    Claim("PG6", SHIMABUCORO, "Latin-only mixtures suit math.",
          "math: Latin-script-only mixtures minus mixtures with other scripts",
          "math mixtures of both kinds (incremental script sets)", m.pg6_latin_math, ABOVE_ZERO),
    Claim("EN1", DHALIWAL, "More coverage helps, low-resource languages most.",
          "gain of the widest set over English-only: low-resource minus high-resource languages",
          "sets design with English-only, resource levels", m.en1_low_resource_most, ABOVE_ZERO),
    Claim("EN2", DHALIWAL, "One extra language helps English too.",
          "English: English + one language minus English only", "sets design", m.en2_english_helped, ABOVE_ZERO),
    Claim("EN3", DHALIWAL, "Diverse zero-shot coverage is at least as good as direct low-diversity data.",
          "zero-shot from the most diverse mixture without a language minus direct inclusion in the least "
          "diverse with it, mean over languages (at most 5 points below)", "sets design",
          m.en3_zero_shot_vs_direct, NOT_WORSE),
]
