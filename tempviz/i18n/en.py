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
    "logits.too_long_for_link": "This text takes {length:,} characters in a link, more than the "
                                "{limit:,} a link holds: the URL keeps only the temperature and "
                                "the cuts.",
    "logits.error": "These logits can't be read",
    "logits.file_error": "This file can't be read",
    "logits.keep_last": "The charts keep showing the last logits that could be read.",
    "presets.label": "Presets",
    "upload.button": "Choose a file",
    "upload.limits": "Up to {limit} MB · {kinds}",
    "upload.refused": "Only {kinds} files are read here",
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
    "formula.finite": "for every finite",
    "formula.kept": "for each of the {count:,} classes left with a probability",
    "formula.kept_one": "for the one class left with a probability",
    "cuts.top_n_sigma_note": "Top-nσ keeps the logits ≥ max z − n·σ = {bar:.3g} ({labels}) at "
                             "every T, 0 and ∞ included: dividing by T divides max z and σ "
                             "alike, so temperature reshapes only the survivors, never which "
                             "they are.",
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
    "cuts.top_n_sigma_help": "Keep the logits within n standard deviations of the largest "
                             "(top-nσ, Tang et al. 2024; llama.cpp's top_n_sigma). It keeps "
                             "the same tokens at every T: temperature only reshapes the "
                             "survivors. Usually 1.",
    "cuts.top_a_help": "Keep tokens with p ≥ a·max(p)²: a strict bar when one token is "
                       "confident, a low one when none is (top-a, from koboldcpp). "
                       "Usually 0.2 to 0.5.",
    "cuts.xtc_help": "Exclude Top Choices (llama.cpp's xtc): with the chance set below, "
                     "remove every token with p ≥ the threshold except the least probable "
                     "of them, steering away from the most obvious reply. Usually threshold "
                     "0.1, chance 50%.",
    "cuts.xtc_probability": "chance XTC acts",
    "cuts.dynatemp_range_help": "Dynamic temperature (llama.cpp's dynatemp_range): replaces "
                                "T by a T_dyn between T − range and T + range, low where the "
                                "distribution is confident and high where it is uncertain "
                                "(by its entropy). Usually 0.5.",
    "cuts.dynatemp_exponent": "exponent of H / log K",
    "chain.exponent": "exponent {exponent}",
    "cuts.order": "Order of the chain",
    "cuts.earlier": "Move one step earlier in the chain",
    "cuts.order_first": "Hugging Face: temperature first",
    "cuts.order_last": "llama.cpp: temperature last",
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
    "options.wide": "16:9 slides",
    "options.wide_help": "Downloaded PNGs fill a 16:9 slide, 1920×1080 pixels; off, they are "
                         "1,920 pixels wide and as tall as the chart needs.",
    "unit.bits": "bits",
    "unit.nats": "nats",
    "readout.entropy": "Entropy H",
    "readout.effective": "Effective number of choices",
    "readout.top_tied": "{value} each ({labels})",
    "readout.both_tied": "both classes",
    "readout.all_tied": "all {count:,} classes",
    "readout.more_tied": "{labels} and {rest:,} more",
    "readout.top_value": "{value} ({label})",
    "present.open": "Presenter view",
    "present.leave": "Leave presenter view",
    "present.keys": "Keys: ← and → or a clicker's PageUp and PageDown step T; Home or 0: "
                    "T\u00a0→\u00a00; 1: T\u00a0=\u00a01; End or 9: T\u00a0→\u00a0∞.",
    "stage.keys": "On the control: ← and → (or PageUp and PageDown) step T; Home and End "
                  "go to T → 0 and T → ∞.",
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
    "table.heading": "Every number at {phrase}",
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
        "sounds unpredictable, and at very high T incoherent: “Banana.” comes almost as often "
        "as “Fine, thanks!”. Try the *Chatbot replies* preset and draw samples at T = 0.1 "
        "and T = 10."),
    "stability.heading": "Why subtract the largest logit? The stability lesson",
    "stability.intro": "Computed as written, exp(z/T) / Σ exp(z/T) overflows once some z/T "
                       "passes log of the largest float; tempviz subtracts the largest logit "
                       "first, so its largest term is exp(0) = 1.",
    "stability.toggle": "Also compute it the naive way",
    "stability.dtype": "Float type",
    "stability.limits": "At {phrase} the naive formula has nothing to compute: that is a limit, "
                        "not a temperature. Pick one between the limits:",
    "stability.overflow": "The largest z/T is {largest:.4g}, past {threshold:.2f} = log(largest "
                          "{dtype}): exp overflows to inf, and inf / inf is NaN.",
    "stability.fine": "The largest z/T is {largest:.4g}, under {threshold:.2f}: no overflow in "
                      "{dtype} at this temperature.",
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
    "chart.log_floor": " (log axis from ",
    "chart.subject": "logits {logits}",
    "chart.subject_more": "… ({count:,} in all)",
    "chart.chosen": "chosen T",
    "chart.reference": "T = 1 (reference)",
    "chart.before_cuts": "before the cuts",
    "chart.probability": "probability",
    "chart.class": "class",
    "chart.at": "at",
    "chart.cut": "cut",
    "chart.others": "{count:,} {count:plural:one=other;other=others}",
    "chart.entropy_title": "Entropy grows with temperature",
    "chart.entropy_subtitle": "from the T → 0 limit up to the uniform distribution's log K",
    "chart.temperature_axis": "temperature T (log scale)",
    "chart.entropy_axis": "entropy H ({unit})",
    "chart.cold_limit": "T → 0 limit: {value} {unit}",
    "chart.hot_limit": "T → ∞ limit: {value} {unit}",
    "chart.both_limits": "T → 0 and T → ∞ limits: {value} {unit}",
    "chart.marker": "{phrase}: H = {value} {unit}",
    "chart.samples_title": "{count:,} samples drawn at ",
    "chart.samples_subtitle": "sampled counts scatter around the expected n·p",
    "chart.drawn": "drawn ({count:,} samples)",
    "chart.expected": "expected n·p",
    "chart.count": "count",
    "chart.classes_title": "Each class across temperatures",
    "chart.classes_title_at": "Each class across temperatures, marked at ",
    "chart.classes_top_title_at": "Classes across temperatures, marked at ",
    "chart.classes_top_subtitle": "the {shown} most probable of {count:,} classes; "
                                  "temperature alone",
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
    "alt.classes": "Lines of each class across T from {first:g} to {last:g}: {pairs}.",
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
    "cli.samples": "samples drawn for the samples chart, as on the page: 10, 20, 50, … 100000 "
                   "(default: 1000)",
    "cli.seed": "random seed for the samples, for reproducible slides (default: 0)",
    "cli.log_scale": "draw the probability axis on a log scale",
    "cli.size": "PNG size: 1920x1080 fills a 16:9 slide, 1920 is as tall as the chart needs "
                "(default: 1920x1080)",
    "cli.lang": "language of the charts and messages: en or ru (default: from LANG)",
    "cli.seed_rule": "the seed must be a whole number from 0 to {most:,}, but {value} was "
                     "given",
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
    "rule.number_between": "must be a number in [{smallest:g}, {largest:g}]",
    "rule.order": "must be first, last, or step keys joined by commas (temperature, "
                  "{choices}), each once",
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
    "exercise.intro": "Logits **1, 2, 5**. Predict, then check with Enter or the button. Every "
                      "check stays in the part's history; for a wrong one you first learn what "
                      "kind of mistake it is, then get a hint and the answer when you ask. The "
                      "answers are computed, never typed in.",
    "exercise.part_a": "(a) T = 10, 1, 0.1",
    "exercise.part_b": "(b) T → 0 and T → ∞",
    "exercise.part_c": "(c) The chatbot",
    "exercise.predict": "Your prediction of p(z1), p(z2), p(z3) at {phrase}",
    "exercise.placeholder": "e.g. 0.2, 0.3, 0.5 or 1/3, 1/3, 1/3",
    "exercise.check": "Check",
    "exercise.show": "Show {phrase} on the charts",
    "exercise.correct": "Right: every probability is within {tolerance} of the answer, {answer}.",
    "exercise.wrong": "Not yet: {label} is off by {error}, more than {tolerance}. Go through the "
                      "steps again: divide the logits by T, take e to the power of each, divide "
                      "each by their sum.",
    "exercise.count": "type {expected} {expected:plural:one=probability;other=probabilities}, "
                      "one per class, but {given} {given:plural:one=was;other=were} given",
    "exercise.labels": "name each class once ({labels}), or type the probabilities in "
                       "this order without names",
    "exercise.range": "item {item} is {value:.6g}, but probabilities lie between 0 and 1",
    "exercise.why_10": "At T = 10 the logits become {scaled}: almost equal, so the "
                       "distribution is almost uniform.",
    "exercise.why_1": "At T = 1 it is the network's own softmax: e¹, e², e⁵ over their sum.",
    "exercise.why_0.1": "At T = 0.1 the logits become {scaled}: the gaps are huge, so z3 "
                        "takes almost everything.",
    "exercise.why_0": "As T → 0 every gap grows without bound: all mass goes to the maximum.",
    "exercise.why_inf": "As T → ∞ every gap shrinks to 0: the distribution becomes uniform.",
    "exercise.chatbot_intro": "A chatbot answers “How are you?” by sampling one of the replies of "
                              "the *Chatbot replies* preset. At which temperature would it sound "
                              "**monotonous**, and at which **unpredictable**? Choose one of each: "
                              "its replies at your two temperatures appear side by side.",
    "exercise.monotonous": "Monotonous at T =",
    "exercise.unpredictable": "Unpredictable at T =",
    "exercise.mood": "At {phrase} the entropy is {share:.0%} of its maximum: the chatbot sounds "
                     "{mood}.",
    "mood.monotonous": "monotonous",
    "mood.varied": "varied",
    "mood.unpredictable": "unpredictable",
    "exercise.why_incoherent": "Very high T makes it not only unpredictable but incoherent: "
                               "every gap between the logits shrinks towards 0, so a reply "
                               "that makes no sense (“Banana.”) becomes almost as likely as "
                               "a fitting one, and what it says no longer follows from the "
                               "question.",
    "exercise.load_chatbot": "Show the chatbot at {phrase} on the charts",
    # the class poll
    "poll.open": "Class poll",
    "poll.open_help": "Students predict this distribution on their phones; the projector then "
                      "shows their guesses against the answer.",
    "poll.opened_title": "A class poll on this view",
    "poll.opened": "Room **{code}** is open for 24 hours.",
    "poll.student_link": "The students' link (the projector page shows it with a QR code):",
    "poll.instructor_link": "Your link: the projector page, with the controls. It is shown "
                            "only this once.",
    "poll.key_warning": "Keep your link to yourself: it holds the key that reveals, closes and "
                        "clears the poll. Project its page full screen, so that the address "
                        "bar does not show.",
    "poll.open_projector": "Open the projector page",
    "poll.page_title": "Class poll {code}",
    "poll.heading": "Class poll",
    "poll.logits": "Logits",
    "poll.logits_top": "The largest logits ({shown} of {classes:,})",
    "poll.temperature": "Temperature",
    "poll.question_each": "Predict the probability of each class at {phrase}.",
    "poll.question_top": "Predict the probability of the most probable class, {name}, at "
                         "{phrase}.",
    "poll.answer_label": "Your prediction: {names}",
    "poll.placeholder_each": "one number from 0 to 1 per class, separated by commas",
    "poll.placeholder_top": "a number from 0 to 1",
    "poll.answer_help": "Write decimals (0.25 or 0,25), fractions (1/4) or percentages (25%); "
                        "separate several with commas, or with semicolons when you use "
                        "decimal commas. They need not add up to exactly 1.",
    "poll.send": "Send",
    "poll.received": "Received: {values}. You can change it until the answer is revealed.",
    "poll.replaced": "Changed to {values}: only your latest answer counts.",
    "poll.yours": "Your answer: {values}.",
    "poll.sum_far": "These add up to {total:.3g}, but the probabilities of all classes always add "
                    "up to 1.",
    "poll.not_sent": "Not sent",
    "poll.empty": "type your prediction first",
    "poll.too_long": "an answer may be at most {limit:,} characters long, but this one has "
                     "{length:,}",
    "poll.too_fast": "you sent an answer less than a second ago; wait a moment and send it "
                     "again",
    "poll.full": "this poll has reached its limit of {limit:,} answers",
    "poll.not_open": "the poll is no longer taking answers",
    "poll.bad_token": "this page's link is damaged; open the poll's link again",
    "poll.too_many_rooms": "Too many polls are open on this server right now; try again later.",
    "poll.unknown": "There is no poll with the code {code}. Check the code on the projector, or "
                    "scan it again.",
    "poll.no_code": "This link names no poll: open the link shown on the projector, or scan "
                    "its code.",
    "poll.expired": "The poll {code} has ended: polls last 24 hours.",
    "poll.wrong_key": "This link can't control the poll.",
    "poll.wrong_key_hint": "Students take part through the poll's own link, [without a key]"
                           "({link}).",
    "poll.database": "The polls' database can't be reached just now; try again in a moment.",
    "poll.so_far": "Answers so far: {count:,}. The answer will show on this page once it "
                    "is revealed.",
    "poll.closed_student": "The poll is no longer taking answers; the answer will appear here "
                           "when it is revealed.",
    "poll.truth": "The answer at {phrase}: {pairs}.",
    "poll.you_within": "Your prediction is within {tolerance:g} of every probability. Well done!",
    "poll.you_off": "Your prediction of {name} is off by {error:.3f}.",
    "poll.you_none": "You did not send a prediction.",
    "poll.own_chart": "Your guess and the answer",
    "poll.reason_scaled": "Why: these are z/T, the logits divided by T; softmax goes on to "
                          "e^(z/T), divided by their sum.",
    "poll.reason_reversed": "Why: the right numbers in reverse order; the largest logit gets the "
                            "largest probability.",
    "poll.reason_no_temperature": "Why: this is the answer at T = 1, as if the temperature were "
                                  "left out; divide the logits by T first.",
    "poll.reason_swapped": "Why: that is the {other} limit, not {phrase}: the limits are swapped.",
    "poll.reason_uniform": "Why: that is the T → ∞ limit, every class the same share; at "
                           "{phrase} the logits divided by T still differ.",
    "poll.reason_one_hot": "Why: all the mass on the largest logit is the T → 0 limit; at "
                           "{phrase} the other classes keep some.",
    "poll.reason_sum": "Why: your probabilities add up to {total}, and probabilities add up to 1.",
    "poll.class_result": "Answers: {count:,}; within {tolerance:g} of every probability: "
                         "{within:,}.",
    "poll.scan": "Scan the code to answer, or open",
    "poll.answers": "Answers",
    "poll.phase_open": "taking answers",
    "poll.phase_closed": "answers closed",
    "poll.phase_revealed": "answer revealed",
    "poll.reveal": "Reveal the answer",
    "poll.close": "Stop taking answers",
    "poll.clear": "Clear",
    "poll.clear_warning": "Delete every answer so far ({count:,}) and start again? The answer is "
                          "hidden again.",
    "poll.clear_confirm": "Delete the answers and start again",
    "poll.within": "Within {tolerance:g} of every probability",
    "poll.slide": "Slide",
    "poll.chart_title": "The class's guesses at {phrase}",
    "poll.chart_subtitle": "bars: guesses per {bin:g} (answers: {count:,}); diamond: the mean; "
                           "vermilion: the answer",
    "poll.chart_axis": "probability",
    "poll.chart_answer": "answer {value}",
    "poll.chart_mean": "mean {value}",
    "poll.alt": "Histogram of the class's guesses (answers: {count:,}): {pairs}.",
    "poll.alt_pair": "{name} mean guess {mean}, answer {truth}",
    # the guided exercise, continued
    "exercise.unreadable": "This prediction can't be read",
    "exercise.formats": "; write each probability as 0.28, 28% or 7/25",
    "exercise.history_prediction": "your prediction",
    "exercise.history_verdict": "verdict",
    "exercise.mistake_sum": "Not yet: your probabilities add up to {total}, but probabilities "
                            "always add up to 1: softmax divides each e^(z/T) by the sum of all "
                            "of them.",
    "exercise.mistake_scaled": "Not yet: these are z/T, the logits divided by T. Softmax goes on "
                               "from there: take e to the power of each, then divide each by "
                               "their sum.",
    "exercise.mistake_key": "Not yet: these are the probabilities of the logits {key_logits}, not "
                            "{logits}. The printed answer key that circulates with this exercise "
                            "was computed for {key_logits}: at {phrase} they give {mistaken}, "
                            "while {logits} give {answer}.",
    "exercise.mistake_reversed": "Not yet: these are the right numbers in reverse order. The "
                                 "probabilities follow the logits: the largest logit, {top} = "
                                 "{top_value}, gets the largest probability.",
    "exercise.mistake_no_temperature": "Not yet: this is the distribution at T = 1, {mistaken}, "
                                       "as if the temperature were left out. At {phrase} divide "
                                       "the logits by T first, then take e to their power.",
    "exercise.mistake_swapped": "Not yet: that is the {other} limit, not {phrase}: the limits are "
                                "swapped. As T → 0 the gaps between the z/T grow without bound "
                                "and the largest logit takes everything; as T → ∞ they shrink to "
                                "0 and every class gets the same share.",
    "exercise.mistake_uniform": "Not yet: that is the uniform distribution, the T → ∞ limit. At "
                                "{phrase} the logits divided by T still differ, so their "
                                "probabilities differ too.",
    "exercise.mistake_one_hot": "Not yet: all the mass on {top} is the T → 0 limit. At {phrase} "
                                "the other classes still keep some probability.",
    "exercise.short_right": "right",
    "exercise.short_wrong": "{label} off by {error}",
    "exercise.short_sum": "adds up to {total}, not 1",
    "exercise.short_scaled": "z/T, not probabilities",
    "exercise.short_key": "the key of logits {key_logits}",
    "exercise.short_reversed": "right numbers, reverse order",
    "exercise.short_no_temperature": "softmax at T = 1",
    "exercise.short_swapped": "limits swapped",
    "exercise.short_uniform": "uniform: the T → ∞ limit",
    "exercise.short_one_hot": "all on one class: the T → 0 limit",
    "exercise.short_unreadable": "can't be read",
    "exercise.hint_button": "Give me a hint",
    "exercise.answer_button": "Show the answer",
    "exercise.hint": "Hint: {why}",
    "exercise.answer": "The answer at {phrase}: {answer}.",
    "exercise.work": "The work at {phrase}, step by step",
    "exercise.compare_heading": "Your predictions for part (a) beside the answers",
    "exercise.compare_waiting": "Once each of the three temperatures has a right prediction or "
                                "its answer shown, your last guesses appear here side by side "
                                "with the answers.",
    "exercise.compare_guess": "your guess",
    "exercise.compare_answer": "answer",
    "exercise.compare_difference": "above each pair: guess − answer",
    "exercise.compare_alt": "At {phrase} your guess is {guess}; the answer {answer}; the "
                            "differences {differences}.",
    "exercise.chatbot_replies": "{count} replies drawn at {phrase}",
    "exercise.mood_right": "Just as you said.",
    "exercise.mood_lower": "Not monotonous yet: a lower T makes it more predictable.",
    "exercise.mood_higher": "Still predictable: a higher T gives unlikely replies more chances.",
    "exercise.mood_rule": "How it is judged: by the entropy H of the replies' distribution as a "
                          "share of its largest possible value, log K for K = {count} replies. 0% "
                          "means the same reply every time, 100% every reply equally likely. "
                          "Below {low:.0%} the chatbot sounds monotonous, above {high:.0%} "
                          "unpredictable, and varied in between.",
    "exercise.loaded": "The charts above now show {what} at {phrase}.",
    "exercise.loaded_logits": "the logits {logits}",
    "exercise.loaded_chatbot": "the chatbot's replies",
    "exercise.file_shown": "A file is uploaded, and the charts show it: remove the file to bring "
                           "this onto the charts.",
    "work.heading": "Show the work: softmax step by step at this temperature",
    "work.title": "Step by step at ",
    "work.subtitle": "p = e^(z / T − max) / Σ, where Σ adds up all {count:,} classes",
    "work.class": "class",
    "work.z": "z",
    "work.scaled": "z / T",
    "work.shifted": "z / T\n− max",
    "work.weight": "e^(z / T\n− max)",
    "work.probability": "p",
    "work.max": "max = {value}",
    "work.shift": "Subtracting the largest z / T before taking e to the power changes no "
                  "probability, since it cancels between each term and their sum Σ, and keeps "
                  "every e^(…) between 0 and 1, so nothing can overflow.",
    "stability.go": "Show {phrase}",
    "stability.breaks_at": "The nearest temperature on the slider at which {dtype} fails is "
                           "{phrase}:",
    "stability.scale": "No temperature on the slider makes {dtype} fail: even at the lowest, T = "
                       "0.01, the largest z/T is only {lowest:.4g}. Multiply the logits by "
                       "{factor} with the button below, and it does.",
    "stability.unbreakable": "No temperature on the slider makes {dtype} fail, even with the "
                             "logits ×{factor}: type logits farther from 0, such as 100, 200, "
                             "500.",
    "stability.underflow": "The largest z/T is {largest:.4g}: every exp(z/T) underflows to 0 in "
                           "{dtype}, and 0 / 0 is NaN.",
    "stability.sum_overflow": "Each exp(z/T) fits in {dtype}, but their sum over {count:,} "
                              "classes overflows to inf, so every p comes out 0.",
    "stability.scale_caption": "Larger logits:",
    "stability.scale_button": "Logits ×{factor}",
    "stability.scale_help": "Multiplies every logit by {factor}. The stable softmax then shows at "
                            "T what the old logits gave at T / {factor}; the naive one overflows "
                            "sooner.",
    "stability.file": "A file is uploaded and the charts use it: remove it to scale the logits in "
                      "the box.",
    # hardening
    "err.invisible_value": "item {item} (\"{value}\") is not a number: it holds invisible "
                           "characters ({codes}); type it again without them",
    "err.invisible_label": "item {item} has a label of invisible characters only ({codes})",
    "err.invisible_duplicate": "item {item}: the label \"{label}\" looks the same as item "
                               "{first}'s and differs from it only by invisible characters "
                               "({codes}); labels must differ visibly",
    "note.labels_shortened": "Labels longer than {limit} characters were shortened to {limit} "
                             "(labels shortened: {count:,}).",
    "note.invisible_labels": "Some labels differ from others only by invisible characters "
                             "({codes}), so they were numbered too.",
    "err.link_too_long": "it takes {length:,} characters in a link, and a link holds at most "
                         "{limit:,}",
    "file.too_large": "{name} is {size:.1f} MB; a file may be at most {limit} MB",
    "file.utf16": "{name} is not UTF-8 text but UTF-16; save it as UTF-8 (in Excel: CSV UTF-8)",
    "file.json_nested": "the JSON is nested too deeply to read; logits are a flat list or object",
    "file.json_beyond_range": "the JSON holds a number beyond the float range ({value}); logits "
                              "must lie within ±1.79e308 (or be -Infinity)",
    "file.csv_cell_too_long": "line {line} holds a cell longer than {limit:,} characters, more "
                              "than a CSV cell may hold",
    "file.csv_unreadable": "line {line} can't be read as CSV",
    "file.surrogate_label": "the label of item {item} in {name} holds {codes}, half of a "
                            "character (a lone surrogate); write the whole character",
    "export.repeated_temperature": "the temperature {value} is given twice; give each "
                                   "temperature once",
    "export.too_many_files": "{temperatures:,} temperatures × {charts} charts × {formats} "
                             "formats, with the CSV, make {count:,} files; at most {limit:,} "
                             "are written in one run",
    "cli.progress": "{done}/{total} files [{share:.0%}], {elapsed} so far, about {left} left",
    "cli.interrupted": "interrupted; nothing was written to {out}",
    "cli.wrote_nothing": "nothing was written to {out}",
    "cli.wrote_only": "only these {count} files reached {out}: {files}",
    # temperature scaling, calibration and distillation (tempviz.calibration)
    "calibration.rule.matrix": "must be a matrix of numbers, one row per example, with at "
                               "least 1 row and 2 columns",
    "calibration.rule.rows": "must be one row of at least 2 numbers or a matrix of such rows",
    "calibration.rule.finite": "must be a finite number",
    "calibration.rule.labels": "must be a flat sequence of class numbers, one per row "
                               "({rows:,} rows)",
    "calibration.rule.row_sum": "must sum to 1 (within {tolerance:g})",
    "calibration.value.row_sum": "a sum of {total:.9g}",
    "calibration.rule.same_shape": "must have the shape of teacher_logits, {shape}",
    "calibration.rule.temperature": "must be a finite number > 0",
    "calibration.advice.temperature": "distillation commonly uses T from 1 to 20",
    "calibration.err.separable": "the logits already rank every label first (or tied first), "
                                 "so the NLL keeps falling as T → 0 and no T > 0 minimises it; "
                                 "temperature scaling needs rows the logits get wrong",
    "calibration.err.reversed": "the label logits are on average no higher than their rows' "
                                "means, so the NLL only falls as T → ∞ (towards a uniform "
                                "guess) and no finite T minimises it; check that the labels "
                                "belong to their rows",
    "calibration.err.flat": "every row of logits is constant, so softmax(logits / T) is "
                            "uniform and the NLL the same at every T",
    "calibration.err.beyond_floats": "the T that minimises the NLL lies beyond the float range, "
                                     "as logits this near its ends need: multiply the logits "
                                     "by a power of 10, fit, and divide T by it",
    "cli.practice_help": "write the charts of Temperature in practice, for slides",
    "cli.practice_description": "Write the reliability diagram and the NLL across T of a "
                                "labelled set (the bundled digits, or --set), and a "
                                "teacher's soft targets and dark knowledge at T.",
    "cli.set": "held-out logits with labels: CSV (each row its logits, then its label) or "
               ".npz (arrays logits and labels); at most {cells:,} logits, {classes} classes "
               "and {limit} MB (default: the bundled digits)",
    "cli.teacher_row": "the teacher is this row of the set, counted from 1 (default: 1)",
    "cli.teacher": "the teacher's logits instead, typed as on the page",
    "cli.student": "the student's logits, one per class (default: all 0)",
    "cli.temperature": "the T of every chart, a number > 0 (default: T* for calibration, 4 "
                       "for distillation)",
    "cli.row_rule": "the row must be a whole number ≥ 1, but {value} was given",
    "cli.row_beyond": "--teacher-row {row:,} is beyond the set's {rows:,} rows",
    "cli.argument": "{name}: {error}",
    "cli.cannot_read": "cannot read {path}: {reason}",
    "cli.practice_temperature": "--temperature must be a finite number > 0 here: a loss "
                                "has no value at the limits",
    # the part "Temperature in practice" (page/practice.py, tempviz/charts/calibration.py)
    "practice.heading": "Temperature in practice: calibration and distillation",
    "practice.intro": "The same division by T is used outside sampling too. A classifier "
                      "divides its logits by a fitted T so that its confidence can be "
                      "trusted, and a large network teaches a small one through its "
                      "probabilities at a high T.",
    "practice.calibration_heading": "Calibration: one T that makes confidence honest",
    "practice.calibration_intro": "A network trained to a low loss is often **overconfident**: "
                                  "of the answers it gives with 90% confidence, fewer than 90% "
                                  "are right. *Temperature scaling* (Guo et al., 2017) fixes "
                                  "this with one number: the T\\* that gives the held-out "
                                  "examples' true labels the highest probability, that is, "
                                  "the lowest NLL (negative log-likelihood).",
    "practice.upload_label": "Your own held-out logits with labels",
    "practice.upload_help": "CSV: one row per example, its logits, then its label (the "
                            "class number, 0 to K − 1) in the last column; a header row is "
                            "allowed. Or .npz with two arrays, logits (N × K) and labels "
                            "(N). At most {cells:,} logits (N × K), {classes} classes and "
                            "{limit} MB.",
    "practice.upload_showing": "Showing {rows:,} rows of {classes} classes from {name}.",
    "practice.upload_fallback": "Showing the bundled digits instead.",
    "practice.bundled": "The bundled set: {rows:,} handwritten digits (8 × 8 pixels) that a "
                        "small neural network never saw in training. It learnt from only "
                        "200 digits, for far too long, so it is overconfident.",
    "practice.bundled_name": "the bundled digits",
    "practice.fit_error": "No temperature calibrates this set",
    "practice.fitted_metric": "Fitted temperature T*",
    "practice.fitted_help": "The T > 0 with the lowest NLL on these examples. Above 1: the "
                            "network was overconfident and T* softens it; below 1: it was "
                            "underconfident.",
    "practice.column_measure": "measure",
    "practice.column_before": "before (T = 1)",
    "practice.column_after": "after ({phrase})",
    "practice.row_nll": "NLL (lower is better)",
    "practice.row_ece": "ECE, expected calibration error (lower is better)",
    "practice.row_accuracy": "accuracy",
    "practice.accuracy_same": "Accuracy does not change, and cannot: dividing every logit of "
                              "a row by the same T > 0 keeps the largest one the largest, so "
                              "each prediction stays the same. Only how sure the network is "
                              "changes.",
    "practice.dial_fit": "Try another T",
    "practice.readout_nll": "NLL",
    "practice.readout_ece": "ECE",
    "practice.explain_calibration": "**Reading the charts.** In the reliability diagram each "
                                    "dot is a group of examples the network was about equally "
                                    "sure of: how sure (across) against how often it was right "
                                    "(up). On the diagonal, 80% sure means 80% right. Dots "
                                    "below it are overconfidence; at T\\* they move up to the "
                                    "diagonal. The NLL curve is lowest at T\\*: drag the dial "
                                    "to see both get worse on either side. The ECE is the "
                                    "average gap between the dots and the diagonal, weighted "
                                    "by how many examples each dot holds (15 groups).",
    "practice.distillation_heading": "Distillation: a teacher's soft targets at T",
    "practice.distillation_intro": "In *knowledge distillation* (Hinton et al., 2015) a small "
                                   "student network learns from a large teacher's "
                                   "probabilities at a high T, not only from the labels. At "
                                   "T = 1 the teacher puts almost everything on one class; a "
                                   "higher T shows how it ranks the others, which is what "
                                   "the student can learn from.",
    "practice.teacher_source": "Teacher",
    "practice.teacher_row": "a row of the set",
    "practice.teacher_typed": "logits I type",
    "practice.row_label": "Row (1 to {rows:,})",
    "practice.row_caption": "Row {row}: the true class is {label}; the network predicts "
                            "{predicted}.",
    "practice.teacher_label": "Teacher's logits",
    "practice.teacher_help": "Typed like the logits box: 4, 3, 1 or cat: 4, dog: 3.",
    "practice.teacher_default": "cat: 4, dog: 3, fox: 1, car: -2",
    "practice.teacher_error": "The teacher's logits can't be read",
    "practice.teacher_rule": "A teacher needs finite logits for at most {limit} classes.",
    "practice.student_label": "Student's logits (one per class)",
    "practice.student_placeholder": "empty: a student that knows nothing yet (all logits 0)",
    "practice.student_help": "The logits of the student being trained, one per class of the "
                             "teacher, in the same order. Empty: all 0, a uniform guess.",
    "practice.student_error": "The student's logits can't be read",
    "practice.student_mismatch": "The student has {count} {count:plural:one=logit;other=logits} "
                                 "but the teacher has {classes} classes: give one finite "
                                 "logit per class.",
    "practice.dial_distil": "Distillation temperature",
    "practice.readout_dark": "Dark knowledge, 1 − p_max",
    "practice.readout_loss": "Loss T² · KL(teacher ‖ student)",
    "practice.explain_distillation": "**Reading the charts.** The bars are the soft targets "
                                     "softmax(z / T) of the teacher beside the student's. "
                                     "*Dark knowledge* is the teacher's probability on the "
                                     "classes it does not predict: near 0 at a low T, where "
                                     "the soft targets teach no more than the label, and "
                                     "growing with T. The loss is the Kullback–Leibler "
                                     "divergence KL(teacher ‖ student) at T, multiplied by "
                                     "T² so that its gradients keep their size whatever T "
                                     "is; it is 0 when the student matches the teacher.",
    "practice.subject_set": "{name}, {rows:,} rows",
    "practice.subject_row": "teacher: row {row} of the set",
    "practice.view_reliability": "Reliability",
    "practice.view_nll": "NLL across T",
    "practice.view_soft_targets": "Soft targets",
    "practice.view_dark_knowledge": "Dark knowledge",
    "practice.series_ideal": "calibrated",
    "practice.series_before": "before, T = 1",
    "practice.series_scaled": "divided by T",
    "practice.confidence_axis": "confidence",
    "practice.accuracy_axis": "accuracy",
    "practice.count": "examples",
    "practice.reliability_title": "Reliability at ",
    "practice.reliability_subtitle": "below the diagonal: overconfident",
    "practice.nll_axis": "NLL, nats (log scale)",
    "practice.nll": "NLL",
    "practice.nll_title": "The NLL is lowest at the fitted T*",
    "practice.nll_subtitle": "mean −log p of the true label",
    "practice.series_teacher": "teacher (soft targets)",
    "practice.series_student": "student",
    "practice.soft_title": "Soft targets at ",
    "practice.soft_subtitle": "softmax(z / T) of the teacher and of the student",
    "practice.dark_axis": "probability off the top class",
    "practice.dark": "dark knowledge",
    "practice.dark_title": "Dark knowledge grows with T",
    "practice.dark_subtitle": "the teacher's probability off its answer",
    "practice.alt_reliability": "Reliability diagram: accuracy against confidence per "
                                "confidence group, before scaling and at the dial's "
                                "temperature; the expected calibration error falls from "
                                "{before} at T = 1 to {after} at {fitted}.",
    "practice.alt_nll": "Line chart of the held-out NLL across temperatures, lowest at "
                        "{fitted}: {nll_before} at T = 1, {nll_after} at {fitted}.",
    "practice.alt_soft": "Bars of the teacher's and the student's probabilities; the "
                         "teacher's at {phrase}: {pairs}.",
    "practice.alt_dark": "Line chart: the teacher's probability off its top class rises "
                         "with temperature from {low} at T = 0.01 to {high} at T = 100.",
    # labelled sets (tempviz.files.read_labelled_set)
    "set.type": "{name}: a labelled set must be a .csv or .npz file, but this one ends in "
                "{suffix}",
    "set.empty": "{name} holds no rows",
    "set.csv_narrow": "row {row} has {count} {count:plural:one=column;other=columns}; a row "
                      "holds at least 2 logits, then its label",
    "set.csv_columns": "row {row} has {count} columns but the first row has {expected}; every "
                       "row holds the same number of logits, then its label",
    "set.csv_value": "row {row}, column {column}: \"{value}\" is not a number",
    "set.too_many_cells": "{name} holds more than {limit:,} logits (rows × classes); use "
                          "fewer rows",
    "set.too_many_classes": "{name} has {classes:,} classes; at most {limit} are allowed",
    "set.one_class": "{name} has one column of logits; a classifier needs at least 2 classes",
    "set.not_finite": "row {row}, column {column} is {value}; the logits of a labelled set "
                      "must be finite numbers",
    "set.label_count": "there are {rows:,} rows of logits but {count:,} labels; give one "
                       "label per row",
    "set.label": "row {row}: the label \"{value}\" is not a class number from 0 to {most}",
    "set.npz_unreadable": "{name} is not an .npz archive: {error}",
    "set.npz_missing": "{name} must hold two arrays named logits and labels, but it holds: "
                       "{held}",
    "set.npz_logits_shape": "the logits array must have two dimensions (rows × classes), "
                            "but it has shape {shape}",
    "set.npz_labels_shape": "the labels array must have one dimension (one label per row), "
                            "but it has shape {shape}",
    "set.npz_not_numbers": "the {array} array must hold numbers (Python objects are never "
                           "unpickled)",
    "set.npz_array_unreadable": "the {array} array could not be read: {error}",
    # argparse's own messages, by their English text (English needs no translation)
    "argparse.messages": {},
}
