"""The annual integrity-measures report (ITA, รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส)."""
