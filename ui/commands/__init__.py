"""What the menus do, built from one action table (``menu``): exporting, printing, the 年度
menu, 汇总, 批量审核, help."""
