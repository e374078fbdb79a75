"""The supervising office (公开办): a region's reports for a year, read, checked, sent back, summed."""
