echo hi; fi
