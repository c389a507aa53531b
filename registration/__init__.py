"""The anonymous registration of questions for the gemeente (IDO-registratieformulier).

- models: QuestionRegistration, one row per answered question
- service: register_question, questions_from_advice, register_advice, count_questions,
  registrations_csv
"""
