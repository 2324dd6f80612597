"""Chinese text that reads like a trade-union federation's news, for generated demo data."""

PLACES = ["荆州区", "沙市区", "江陵县", "松滋市", "公安县", "石首市", "监利市", "洪湖市", "荆州开发区",
          "纪南文旅区", "市直机关", "市教育系统", "市卫健系统", "市交通运输系统"]
UNITS = ["总工会", "工会工作委员会", "产业工会", "职工服务中心"]
ACTIONS = ["开展", "举办", "召开", "启动", "部署", "推进", "组织", "深化"]
TOPICS = [
    "“送清凉”慰问活动", "职工技能大赛", "劳模工匠进校园活动", "困难职工帮扶工作", "女职工权益保护专项行动",
    "农民工工资支付专项检查", "职工书屋建设", "户外劳动者驿站建设", "职工心理健康讲座", "工会干部培训班",
    "“五一”劳动奖章推荐评选", "集体协商“要约行动”", "职工法律援助进企业活动", "安康杯竞赛",
    "新就业形态劳动者入会集中行动", "职工疗休养工作", "金秋助学活动", "“两节”送温暖活动",
    "基层工会规范化建设", "工会经费审查工作", "劳动和技能竞赛", "职工创新工作室创建",
]
SUBJECTS = ["市总工会", "各级工会组织", "基层工会", "广大职工", "劳模代表", "工会干部", "企业工会"]
VERBS = ["认真落实", "扎实推进", "持续深化", "积极开展", "全面加强", "不断完善", "切实做好", "大力推动"]
OBJECTS = [
    "职工权益保障工作", "普惠性服务项目", "产业工人队伍建设改革", "工会组织建设", "困难职工解困脱困",
    "劳动关系协调机制", "职工文化体育活动", "工会网上工作平台建设", "安全生产群众监督", "职工素质提升工程",
    "劳模精神、劳动精神、工匠精神宣传", "新就业形态劳动者权益维护", "职工医疗互助保障",
]
RESULTS = ["取得明显成效", "得到职工群众好评", "形成一批可复制的经验", "惠及职工群众", "受到上级工会肯定"]
NUMBERS = ["12", "36", "58", "120", "300余", "1500余", "2.6万", "8000余"]
REPORTERS = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏"]


class TextGenerator:
    """Headlines, summaries and paragraphs drawn from `rng` (a random.Random)."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, words):
        return self.rng.choice(words)

    def headline(self):
        place, unit = self.pick(PLACES), self.pick(UNITS)
        return f"{place}{unit}{self.pick(ACTIONS)}{self.pick(TOPICS)}"

    def sentence(self):
        return (f"{self.pick(SUBJECTS)}{self.pick(VERBS)}{self.pick(OBJECTS)}，"
                f"{self.pick(ACTIONS)}{self.pick(TOPICS)}{self.pick(NUMBERS)}场次，"
                f"覆盖职工{self.pick(NUMBERS)}人次，{self.pick(RESULTS)}。")

    def paragraph(self):
        return "".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def summary(self):
        return self.sentence()

    def body(self, fewest=3, most=8):
        paragraphs = [self.paragraph() for _ in range(self.rng.randint(fewest, most))]
        return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)

    def reporter(self):
        return self.pick(REPORTERS)

    def section_heading(self):
        return f"{self.pick(VERBS)}{self.pick(OBJECTS)}"

    def task(self):
        return f"{self.pick(VERBS)}{self.pick(OBJECTS)}，{self.pick(ACTIONS)}{self.pick(TOPICS)}。"
