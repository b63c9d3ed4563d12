"""Screenshots read as text (Tesseract), so a scam seen in a picture is checked like one typed."""
