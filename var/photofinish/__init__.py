"""A photo finish from ordinary video: the strip along the finish line from every frame, side by side."""
