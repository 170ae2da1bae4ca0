"""Parts of the review desk, one feature each; ``ui.review_window.ReviewWindow`` assembles them."""
