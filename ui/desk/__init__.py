"""Parts of the review desk, one feature each; ``ui.desk.review_window.ReviewWindow`` assembles them."""
