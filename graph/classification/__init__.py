"""Classification trees customers belong to: industries (GB/T 4754-2017) and regions."""
