"""The performance suite (`make bench`). Each benchmark prints its figures and budget."""
