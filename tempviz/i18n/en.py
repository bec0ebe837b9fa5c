"""English: every text a reader sees. Russian in ru.py has exactly these keys."""

TEXTS = {
    # the page
    "page.title": "How temperature reshapes softmax",
    "page.caption": "Type the logits a network outputs, move the temperature, and watch the "
                    "distribution, its entropy and its samples change together.",
    "page.language": "Language",
    "logits.label": "Logits",
    "logits.help": "Numbers separated by commas, spaces, semicolons or new lines, optionally "
                   "labelled as label: value. -inf marks a token that can never be chosen. "
                   "Decimal commas work between semicolons: 1,5; 2,5.",
    "logits.too_long_for_link": "This text is longer than {limit:,} characters, too long for a "
                                "link: the URL keeps only the temperature and the cuts.",
    "logits.error": "These logits can't be read",
    "logits.file_error": "This file can't be read",
    "logits.keep_last": "The charts keep showing the last logits that could be read.",
    "presets.label": "Presets",
    "upload.label": "Or upload logits",
    "upload.help": "CSV (one column, or label and logit), .npy, or JSON (a list, or an object "
                   "of label: logit); up to {limit:,} logits. While a file is here, the charts "
                   "use it instead of the box.",
    "upload.showing": "Showing {count:,} logits from {name}. A link can't carry a file: remove "
                      "it to share the box's logits instead.",
    "url.ignored": "The link's {name} was ignored: {error}.",
    "url.repeated": "The link gives {name} more than once; the last, {value}, is used.",
    "url.temperature_underflow": "The link's T = {asked} is too small to tell from 0: showing "
                                 "the T → 0 limit.",
    "url.temperature_snapped": "The link asks for T = {asked}, which is not a slider stop; "
                               "showing the nearest, T = {shown}.",
    "temperature.label": "Temperature T, log scale",
    "cuts.heading": "**Cut the tail**, as language models do before they sample",
    "cuts.top_k_help": "Keep the k most probable tokens (ties with the k-th stay). Language "
                       "models use 20 to 100.",
    "cuts.top_p_help": "Keep the fewest most probable tokens whose probabilities add up to p "
                       "(nucleus sampling). Usually 0.9 to 0.95.",
    "cuts.typical_p_help": "Keep the tokens whose surprisal −log p is closest to the entropy, "
                           "until they add up to p (locally typical sampling). It may drop the "
                           "most probable token. Usually 0.2 to 0.95.",
    "chain.logits": "logits",
    "chain.sample": "sample",
    "cuts.min_p_help": "Keep tokens at least p times as probable as the most probable one. "
                       "Usually 0.05 to 0.1.",
    "cuts.order": "Where temperature goes",
    "cuts.order_first": "temperature first (Hugging Face)",
    "cuts.order_last": "temperature last (llama.cpp)",
    "cuts.chain": "Chain: `{chain}`",
    "options.log_axis": "Log-scale probability axis",
    "options.log_axis_help": "Shows tiny probabilities such as 4·10⁻¹⁸ as bars.",
    "options.unit": "Entropy unit",
    "options.samples": "Samples N",
    "options.seed": "Seed",
    "options.draw_again": "Draw again",
    "options.bars": "Bars shown",
    "options.bars_help": "With more classes than this, the most probable are shown and one "
                         "bar sums all the others.",
    "options.slide": "Slide style",
    "options.slide_help": "Large fonts, thick lines and high contrast, as in the downloaded "
                          "images: for projecting and for lecture slides.",
    "unit.bits": "bits",
    "unit.nats": "nats",
    "readout.entropy": "Entropy H",
    "readout.effective": "Effective number of choices",
    "readout.top_value": "{value} ({label})",
    "present.open": "Presenter view",
    "present.leave": "Leave presenter view",
    "present.keys": "Keys: ← and → step the temperature, 0 jumps to T → 0, 1 to T = 1, "
                    "9 to T → ∞.",
    "options.heading": "Settings",
    "options.seed_help": "The seed fixes the random draws: the same seed draws the same "
                         "samples at each T, so returning to a temperature shows the same "
                         "counts. Draw again picks the next seed.",
    "cuts.button": "Cuts: {cuts}",
    "cuts.button_off": "Cuts",
    "readout.effective_help": "Perplexity exp(H): as uncertain as a fair choice among this "
                              "many options.",
    "readout.top": "Largest probability",
    "readout.top_help": "Class {label}",
    "spinner.charts": "Drawing the charts at every temperature…",
    "spinner.model": "Counting word triples…",
    "download.help": "Download this chart as {fmt} for slides",
    "download.csv": "All classes as CSV",
    "view.probabilities": "Probabilities",
    "view.entropy": "Entropy",
    "view.samples": "Samples",
    "view.classes": "Classes",
    "table.class": "class",
    "table.logit": "logit",
    "table.scaled": "z / T",
    "table.probability": "probability",
    "table.expected": "expected n·p",
    "table.drawn": "drawn",
    "table.caption": "The {rows} most probable of {classes:,} classes, and the rest summed in "
                     "the last row.",
    "generation.heading": "Generation at this temperature",
    "generation.replies_tab": "A chatbot's replies",
    "generation.text_tab": "Text from a small language model",
    "replies.metric": "Different replies among {count}",
    "replies.help": "Low T: the same reply again and again. High T: many replies, unlikely "
                    "ones included.",
    "replies.tip": "Tip: the *Chatbot replies* preset gives every class a reply to say.",
    "corpus.label": "Learn from",
    "corpus.bundled": "Python's documentation (bundled)",
    "corpus.paste": "Text I paste",
    "corpus.text": "Text to learn from",
    "corpus.placeholder": "Paste a few paragraphs of any text.",
    "corpus.too_short": "text must hold at least {minimum} words to learn from, but {count} "
                        "were given",
    "text.repeated": "Repeated three-word phrases",
    "text.repeated_help": "High when generation loops, as it does at low T.",
    "notice.heading": "What to notice",
    "notice.body": (
        "- **T = 1** is the network's own distribution; dividing by **T < 1** stretches the "
        "gaps between logits, **T > 1** shrinks them.\n"
        "- **T → 0**: all probability goes to the largest logit (shared if several tie) and "
        "the entropy falls to 0. Sampling becomes greedy: the same answer every time.\n"
        "- **T → ∞**: every gap shrinks to 0, the distribution becomes uniform and the "
        "entropy rises to log K, its maximum.\n"
        "- **A chatbot** that samples its replies at low T always says the most likely "
        "thing, so it sounds monotonous; at high T unlikely replies get real chances, so it "
        "sounds incoherent. Try the *Chatbot replies* preset and draw samples at T = 0.1 "
        "and T = 10."),
    "stability.heading": "Why subtract the largest logit? The stability lesson",
    "stability.intro": "Computed as written, exp(z/T) / Σ exp(z/T) overflows once some z/T "
                       "passes log of the largest float; tempviz subtracts the largest logit "
                       "first, so its largest term is exp(0) = 1.",
    "stability.toggle": "Also compute it the naive way",
    "stability.dtype": "Float type",
    "stability.limits": "Pick a temperature between the limits: T → 0 and T → ∞ have no "
                        "naive form.",
    "stability.overflow": "The largest z/T is {largest:.4g}, past {threshold:.2f} = log(largest "
                          "{dtype}): exp overflows to inf, and inf / inf is NaN.",
    "stability.fine": "The largest z/T is {largest:.4g}, under {threshold:.2f}: no overflow "
                      "in {dtype} yet. Lower T to push it past.",
    "stability.exp": "exp(z / T), naive",
    "stability.naive": "p, naive",
    "stability.stable": "p, stable",
    # presets
    "preset.exercise": "Exercise: 1, 2, 5",
    "preset.exercise_lesson": "The textbook exercise: compare T = 10, 1 and 0.1, then the two "
                              "limits.",
    "preset.winner": "One clear winner",
    "preset.winner_lesson": "One logit far ahead: only a high temperature gives the others a "
                            "chance.",
    "preset.rivals": "Two close rivals",
    "preset.rivals_lesson": "Two near-equal favourites: low T picks one of them, high T "
                            "spreads to all.",
    "preset.equal": "All equal",
    "preset.equal_lesson": "Equal logits give the uniform distribution at every temperature.",
    "preset.chatbot": "Chatbot replies",
    "preset.chatbot_lesson": "Candidate replies to “How are you?”: low T always says the same "
                             "thing, high T starts saying “Banana.”",
    "preset.chatbot_text": "I'm fine, thank you!: 4.2\nDoing great, and you?: 3.7\nNot bad at "
                           "all.: 3.0\nPretty good, thanks for asking.: 2.6\nCould be better, "
                           "honestly.: 1.3\nTired, but happy to chat.: 0.9\nWhy do you ask?: "
                           "-0.5\nBanana.: -2.0\nPurple monkey dishwasher.: -3.0",
    # charts
    "chart.probability_title": "softmax(z / T) at ",
    "chart.probability_subtitle": "dashed outline: the same logits at T = 1",
    "chart.probability_subtitle_cuts": "dashed outline: before the cuts; survivors are "
                                       "renormalised to sum to 1",
    "chart.chosen": "chosen T",
    "chart.reference": "T = 1 (reference)",
    "chart.before_cuts": "before the cuts",
    "chart.probability": "probability",
    "chart.class": "class",
    "chart.at": "at",
    "chart.cut": "cut",
    "chart.others": "{count:,} others",
    "chart.entropy_title": "Entropy grows with temperature",
    "chart.entropy_subtitle": "from the T → 0 limit up to the uniform distribution's log K",
    "chart.temperature_axis": "temperature T (log scale)",
    "chart.entropy_axis": "entropy H ({unit})",
    "chart.cold_limit": "T → 0 limit: {value} {unit}",
    "chart.hot_limit": "T → ∞ limit: {value} {unit}",
    "chart.marker": "{phrase}: H = {value} {unit}",
    "chart.samples_title": "{count:,} samples drawn at ",
    "chart.samples_subtitle": "sampled counts scatter around the expected n·p",
    "chart.drawn": "drawn ({count:,} samples)",
    "chart.expected": "expected n·p",
    "chart.count": "count",
    "chart.classes_title": "Each class across temperatures",
    "chart.classes_subtitle": "temperature alone; a middle class can rise, then fall",
    "chart.live_slider": "drag T: ",
    "alt.chart_probabilities": "Bar chart of each class's probability at the temperature the "
                               "control above sets; the control reads the values out.",
    "alt.chart_entropy": "Line chart of the entropy across temperatures, marked at the "
                         "temperature the control above sets; the control reads it out.",
    "alt.chart_samples": "Paired bars of drawn and expected counts at the temperature the "
                         "control above sets; the control reads them out.",
    "alt.more": "{count:,} more in the table",
    "alt.distribution": "Bar chart of probabilities at {phrase}: {pairs}.",
    "alt.entropy": "Line chart: entropy rises with temperature towards {hot} {unit}; at "
                   "{phrase} it is {current} {unit}.",
    "alt.samples": "Paired bars of {count:,} samples: {pairs}.",
    "alt.sample_pair": "{label} drawn {drawn:,}, expected {expected:,.1f}",
    "alt.classes": "Lines of each class across T from {first} to {last}: {pairs}.",
    "alt.class_pair": "{label} {start} to {end}",
    # the command line
    "cli.description": "See how temperature reshapes a softmax distribution.",
    "cli.export_help": "write every chart at each temperature, for slides",
    "cli.export_description": "Write the probability, entropy, samples and class charts at each "
                              "temperature, plus probabilities.csv with one column per "
                              "temperature.",
    "cli.example": "example: {example}",
    "cli.logits": "the logits as typed on the page, e.g. \"1, 2, 5\" or \"cat: 2, dog: 1\"; "
                  "-inf marks a token that can never be chosen",
    "cli.temperatures": "temperatures to draw, each a number ≥ 0; 0 and inf are the limits "
                        "(default: 0.1 1 10)",
    "cli.out": "folder for the files, created if missing (default: slides)",
    "cli.formats": "file formats (default: png svg)",
    "cli.style": "slide: large fonts and thick lines for projection (default); screen: as on "
                 "the page",
    "cli.unit": "entropy unit (default: bits)",
    "cli.samples": "samples drawn for the samples chart (default: 1000)",
    "cli.seed": "random seed for the samples, for reproducible slides (default: 0)",
    "cli.log_scale": "draw the probability axis on a log scale",
    "cli.lang": "language of the charts and messages: en or ru (default: from LANG)",
    "cli.samples_rule": "the number of samples must be a whole number from 1 to 10,000,000, "
                        "but {value} was given",
    "cli.seed_rule": "the seed must be a whole number ≥ 0, but {value} was given",
    "cli.error": "error",
    "cli.see_help": "see --help",
    "cli.cannot_write": "cannot write to {out}: {reason}",
    "cli.wrote": "wrote {count} files to {out}",
    # rules every check states the same way: "{name} {rule}, but {value} was given"
    "err.invalid": "{name} {rule}, but {value} was given",
    "err.invalid_hint": "{name} {rule}, but {value} was given; {advice}",
    "rule.temperature": "must be a number ≥ 0 or inf (0 and inf are the limits T → 0 and T → ∞)",
    "rule.fraction": "must be a number in [0, 1]",
    "rule.fraction_from": "must be a number in [{smallest}, 1]",
    "rule.whole_at_least": "must be a whole number ≥ {least:,}",
    "rule.whole_between": "must be a whole number from {least:,} to {most:,}",
    "rule.one_of": "must be one of {choices}",
    "rule.numbers": "must be a sequence of numbers",
    "rule.flat_numbers": "must be a flat sequence of numbers",
    "rule.logit": "must be a finite number or -inf",
    "rule.nonempty": "must hold at least one number",
    "value.empty": "an empty vector",
    "value.all_neg_inf": "-inf for every item",
    "value.shape": "an array of shape {shape}",
    "value.numbers": "{numbers}",
    "rule.some_logit": "must hold at least one finite value",
    "rule.probabilities": "must hold probabilities ≥ 0 that sum to 1",
    "rule.probability_shape": "must be a non-empty vector or matrix of probabilities",
    "rule.weights": "must be a non-empty vector of numbers ≥ 0 with a positive total",
    "rule.base": "must be a number > 0 other than 1 (2 for bits, None for nats)",
    "rule.step": "must be a (name, value) pair or a step such as TopK(40)",
    "rule.step_name": "must be named one of {choices}",
    "rule.warm": "must be a positive finite number for the naive formula",
    "advice.limits": "use 0 for the T → 0 limit and math.inf for the T → ∞ limit",
    "advice.step_off": "to switch a cut off, leave it out of the chain",
    "advice.neg_inf": "-inf marks a token that can never be chosen",
    "advice.no_naive_limits": "the limits T = 0 and T = ∞ have no naive form",
    # reading logits
    "err.not_text": "logits must be given as text, but {kind} was given",
    "err.too_long": "the text is {length:,} characters long; at most {limit:,} are allowed "
                    "(upload a file instead)",
    "err.empty": "no logits found: type numbers such as 1, 2, 5",
    "err.too_many": "{count:,} logits were given; at most {limit:,} are allowed",
    "err.all_neg_inf": "every logit is -inf; at least one must be a finite number",
    "err.beyond_range": "item {item} (\"{value}\") is beyond the float range; logits must lie "
                        "within ±1.79e308 (or be -inf)",
    "err.plus_inf": "item {item} (\"{value}\") is +∞; only -inf is allowed, for a token that "
                    "can never be chosen",
    "err.no_value": "item {item} has a label but no value after it",
    "err.not_a_number": "item {item} (\"{value}\") is not a number",
    "hint.separate": "; separate items with commas, or put each on its own line",
    "hint.decimal": "; for decimal commas separate the items with semicolons: 1,5; 2,5",
    "hint.label": "; to label a logit write label: value, as in cat: 2",
    "err.empty_label": "item {item} has an empty label before its value",
    "err.duplicate_label": "item {item}: the label \"{label}\" is already used by item "
                           "{first}; labels must all differ",
    "note.decimal_commas": "Commas between digits were read as decimal commas (1,5 = 1.5), "
                           "because the items are separated by semicolons or new lines.",
    "note.commas_separate": "Every comma was read as a separator, so 1,5 is two numbers. For "
                            "decimal commas separate the items with semicolons: 1,5; 2,5.",
    "file.type": "{name}: files must end in .csv, .npy, .json or .txt, but this one ends in "
                 "{suffix}",
    "file.not_utf8": "{name} is not UTF-8 text; save it as UTF-8 (or as .npy)",
    "file.npy_unreadable": "the .npy file could not be read: {error}",
    "file.npy_not_numbers": "the .npy file must hold an array of numbers",
    "file.npy_shape": "the .npy array must be one-dimensional, but it has shape {shape}; save "
                      "logits[0, -1] for a model's next token",
    "file.json_invalid": "the JSON is not valid: {message} at line {line}, column {column}",
    "file.json_shape": "the JSON must be a list of numbers or an object of label: number",
    "file.json_item": "item {item} ({value}) is not a number",
    "file.csv_columns": "row {row} has {count} columns; use one (logit) or two (label, logit)",
    "file.csv_value": "row {row}: \"{value}\" is not a number",
    "file.empty": "{name} holds no logits",
    "file.too_many": "{name} holds {count:,} logits; at most {limit:,} are allowed",
    "file.bad_value": "item {item} of {name} is {value}; logits must be numbers or -inf",
    "file.all_neg_inf": "every logit in {name} is -inf; at least one must be a number",
    "note.numbered": "Repeated labels were numbered, as in \"{example}\".",
    # the guided exercise
    "exercise.toggle": "Guided exercise",
    "exercise.toggle_help": "Walks through the exercise: predict, check, then see why on the "
                            "live charts.",
    "exercise.intro": "Logits **1, 2, 5**. Predict first, then check: the answers are computed, "
                      "never typed in.",
    "exercise.part_a": "(a) T = 10, 1, 0.1",
    "exercise.part_b": "(b) T → 0 and T → ∞",
    "exercise.part_c": "(c) The chatbot",
    "exercise.predict": "Your prediction of p(z1), p(z2), p(z3) at {phrase}",
    "exercise.placeholder": "e.g. 0.2, 0.3, 0.5",
    "exercise.check": "Check",
    "exercise.show": "Show {phrase} on the charts",
    "exercise.correct": "Right: every probability within {tolerance} of the answer {answer}.",
    "exercise.wrong": "Not yet: {label} is off by {error:.3f} (the answer is {answer}). {why}",
    "exercise.count": "type {expected} probabilities, one per class, but {given} were given",
    "exercise.range": "probabilities lie between 0 and 1",
    "exercise.why_10": "At T = 10 the logits become 0.1, 0.2, 0.5: almost equal, so the "
                       "distribution is almost uniform.",
    "exercise.why_1": "At T = 1 it is the network's own softmax: e¹, e², e⁵ over their sum.",
    "exercise.why_0.1": "At T = 0.1 the logits become 10, 20, 50: the gaps are huge, so z3 "
                        "takes almost everything.",
    "exercise.why_0": "As T → 0 every gap grows without bound: all mass goes to the maximum.",
    "exercise.why_inf": "As T → ∞ every gap shrinks to 0: the distribution becomes uniform.",
    "exercise.chatbot_intro": "Pick a temperature at which the chatbot would sound "
                              "**monotonous** and one at which it would sound "
                              "**incoherent**, then check with its replies below.",
    "exercise.monotonous": "Monotonous at T =",
    "exercise.incoherent": "Incoherent at T =",
    "exercise.mood": "At T = {temperature} the entropy is {share:.0%} of its maximum: the "
                     "chatbot sounds {mood}.",
    "mood.monotonous": "monotonous",
    "mood.varied": "varied",
    "mood.incoherent": "incoherent",
    "exercise.load_chatbot": "Load the chatbot at T = {temperature}",
    # argparse's own messages, by their English text (English needs no translation)
    "argparse.messages": {},
}
