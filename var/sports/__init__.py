"""Each sport's review rules (profiles), and the review requests they allow or refuse."""
