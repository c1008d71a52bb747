"""``python -m extract.review ...``: the review commands without going through ``sec16``."""

from extract.review.commands import review

if __name__ == "__main__":
    review(prog_name="python -m extract.review")
