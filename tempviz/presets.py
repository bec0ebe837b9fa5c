"""Ready-made logits for the lesson, as the text a student would type.

Each preset is text, not numbers, so choosing one fills the logits box and the
student can see, copy and edit exactly what was chosen.
"""

from __future__ import annotations

from typing import NamedTuple


class Preset(NamedTuple):
    name: str
    text: str
    lesson: str


PRESETS = (
    Preset("Exercise: 1, 2, 5", "1, 2, 5",
           "The textbook exercise: compare T = 10, 1 and 0.1, then the two limits."),
    Preset("One clear winner", "6, 2, 1, 0.5, 0",
           "One logit far ahead: only a high temperature gives the others a chance."),
    Preset("Two close rivals", "3.2, 3, 0.5, 0",
           "Two near-equal favourites: low T picks one of them, high T spreads to all."),
    Preset("All equal", "1, 1, 1, 1",
           "Equal logits give the uniform distribution at every temperature."),
    Preset("Chatbot replies", "\n".join((
        "I'm fine, thank you!: 4.2",
        "Doing great, and you?: 3.7",
        "Not bad at all.: 3.0",
        "Pretty good, thanks for asking.: 2.6",
        "Could be better, honestly.: 1.3",
        "Tired, but happy to chat.: 0.9",
        "Why do you ask?: -0.5",
        "Banana.: -2.0",
        "Purple monkey dishwasher.: -3.0",
    )), "Candidate replies to “How are you?”: low T always says the same thing, "
        "high T starts saying “Banana.”"),
)

DEFAULT = PRESETS[0]

WHAT_TO_NOTICE = """\
- **T = 1** is the network's own distribution; dividing by **T < 1** stretches the gaps
  between logits, **T > 1** shrinks them.
- **T → 0**: all probability goes to the largest logit (shared if several tie) and the
  entropy falls to 0. Sampling becomes greedy: the same answer every time.
- **T → ∞**: every gap shrinks to 0, the distribution becomes uniform and the entropy
  rises to log K, its maximum.
- **A chatbot** that samples its replies at low T always says the most likely thing,
  so it sounds monotonous; at high T unlikely replies get real chances, so it sounds
  incoherent. Try the *Chatbot replies* preset and draw samples at T = 0.1 and T = 10.
"""
