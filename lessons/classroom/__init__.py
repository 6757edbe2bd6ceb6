"""The homeroom teacher's class kit (上课模式): a required lesson step by step on the classroom
screen, its printable handout and QR codes, and the class sessions teachers record with the
progress editors see per class and district. Their models are in lessons.models."""
