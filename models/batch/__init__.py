"""Work over many reports: 批量审核 with its 统计, and 汇总."""
