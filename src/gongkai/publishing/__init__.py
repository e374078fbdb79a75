"""主动公开: the catalogue (政府信息公开目录), confidentiality review, the Art. 26 clock, the guide."""
