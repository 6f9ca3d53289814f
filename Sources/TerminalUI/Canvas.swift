import StudyCore
