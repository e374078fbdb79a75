"""行政复议 and 行政诉讼 records tied to the cases they concern; 表四 computed from them."""
