// The demo organisation as pure data: same seed → same company. Used by the database seed and by the
// vendor simulator's contact directory, so that what WeCom/DingTalk "say" matches what we seeded.

export interface DemoDepartment {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
  wecomId: number; // WeCom department ids are integers; 1 is the root
  dingtalkId: number; // DingTalk's root department is 1 too
  order: number;
}

export interface DemoEmployee {
  employeeNo: string;
  name: string;
  pinyin: string;
  mobile: string;
  email: string;
  title: string;
  departmentCode: string;
  wecomUserId: string;
  dingtalkUserId: string;
  dingtalkUnionId: string;
  isLeader: boolean;
  role: "employee" | "hr" | "admin";
}

export interface DemoOrg {
  corpName: string;
  departments: DemoDepartment[];
  employees: DemoEmployee[];
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES: [string, string][] = [
  ["王", "wang"], ["李", "li"], ["张", "zhang"], ["刘", "liu"], ["陈", "chen"], ["杨", "yang"], ["黄", "huang"],
  ["赵", "zhao"], ["周", "zhou"], ["吴", "wu"], ["徐", "xu"], ["孙", "sun"], ["马", "ma"], ["朱", "zhu"],
  ["胡", "hu"], ["郭", "guo"], ["何", "he"], ["林", "lin"], ["罗", "luo"], ["高", "gao"], ["郑", "zheng"],
  ["梁", "liang"], ["谢", "xie"], ["宋", "song"], ["唐", "tang"], ["许", "xu"], ["韩", "han"], ["冯", "feng"],
  ["邓", "deng"], ["曹", "cao"], ["彭", "peng"], ["曾", "zeng"], ["萧", "xiao"], ["田", "tian"], ["董", "dong"],
  ["潘", "pan"], ["袁", "yuan"], ["蔡", "cai"], ["蒋", "jiang"], ["余", "yu"],
];

const GIVEN: [string, string][] = [
  ["伟", "wei"], ["芳", "fang"], ["娜", "na"], ["敏", "min"], ["静", "jing"], ["丽", "li"], ["强", "qiang"],
  ["磊", "lei"], ["军", "jun"], ["洋", "yang"], ["勇", "yong"], ["艳", "yan"], ["杰", "jie"], ["娟", "juan"],
  ["涛", "tao"], ["明", "ming"], ["超", "chao"], ["秀", "xiu"], ["霞", "xia"], ["平", "ping"], ["刚", "gang"],
  ["桂", "gui"], ["英", "ying"], ["华", "hua"], ["建", "jian"], ["国", "guo"], ["文", "wen"], ["斌", "bin"],
  ["宇", "yu"], ["浩", "hao"], ["婷", "ting"], ["雪", "xue"], ["琳", "lin"], ["晨", "chen"], ["欣", "xin"],
  ["博", "bo"], ["思", "si"], ["雨", "yu"], ["佳", "jia"], ["嘉", "jia"], ["子", "zi"], ["梓", "zi"],
  ["睿", "rui"], ["晓", "xiao"], ["海", "hai"], ["志", "zhi"], ["鹏", "peng"], ["俊", "jun"], ["慧", "hui"],
];

const BASE_TREE: { code: string; name: string; nameEn: string; parent: string | null; weight: number }[] = [
  { code: "D000", name: "千岛科技", nameEn: "Qiandao Tech", parent: null, weight: 0 },
  { code: "D100", name: "技术中心", nameEn: "Technology", parent: "D000", weight: 0 },
  { code: "D110", name: "平台研发部", nameEn: "Platform R&D", parent: "D100", weight: 5 },
  { code: "D111", name: "基础架构组", nameEn: "Infrastructure", parent: "D110", weight: 3 },
  { code: "D112", name: "数据平台组", nameEn: "Data Platform", parent: "D110", weight: 3 },
  { code: "D120", name: "移动研发部", nameEn: "Mobile R&D", parent: "D100", weight: 4 },
  { code: "D130", name: "质量保障部", nameEn: "QA", parent: "D100", weight: 3 },
  { code: "D200", name: "产品中心", nameEn: "Product", parent: "D000", weight: 1 },
  { code: "D210", name: "产品部", nameEn: "Product Management", parent: "D200", weight: 3 },
  { code: "D220", name: "用户体验部", nameEn: "UX Design", parent: "D200", weight: 2 },
  { code: "D300", name: "销售中心", nameEn: "Sales", parent: "D000", weight: 1 },
  { code: "D310", name: "华东大区", nameEn: "East China", parent: "D300", weight: 2 },
  { code: "D311", name: "上海销售一组", nameEn: "Shanghai Team 1", parent: "D310", weight: 4 },
  { code: "D312", name: "杭州销售组", nameEn: "Hangzhou Team", parent: "D310", weight: 3 },
  { code: "D320", name: "华北大区", nameEn: "North China", parent: "D300", weight: 2 },
  { code: "D321", name: "北京销售组", nameEn: "Beijing Team", parent: "D320", weight: 4 },
  { code: "D400", name: "人力资源部", nameEn: "Human Resources", parent: "D000", weight: 2 },
  { code: "D500", name: "财务部", nameEn: "Finance", parent: "D000", weight: 2 },
  { code: "D600", name: "行政部", nameEn: "Administration", parent: "D000", weight: 2 },
  { code: "D700", name: "客户成功部", nameEn: "Customer Success", parent: "D000", weight: 3 },
];

const TITLES: Record<string, string[]> = {
  D1: ["后端工程师", "前端工程师", "高级工程师", "架构师", "测试工程师", "iOS 工程师", "Android 工程师"],
  D2: ["产品经理", "高级产品经理", "交互设计师", "视觉设计师"],
  D3: ["客户经理", "销售代表", "大客户经理", "销售助理"],
  D4: ["HRBP", "招聘专员", "薪酬专员"],
  D5: ["会计", "出纳", "财务分析师"],
  D6: ["行政专员", "前台"],
  D7: ["客户成功经理", "实施顾问", "技术支持"],
};

function titleFor(code: string, r: () => number): string {
  const list = TITLES[code.slice(0, 2)] ?? ["专员"];
  return list[Math.floor(r() * list.length)];
}

/** Extra generated departments for large simulator organisations (benchmarks): 500 departments, 10,000 people. */
function generatedTree(count: number) {
  const extra: typeof BASE_TREE = [];
  const parents = BASE_TREE.filter((d) => d.parent !== null).map((d) => d.code);
  for (let i = 0; extra.length + BASE_TREE.length < count; i++) {
    const parent = i < 60 ? parents[i % parents.length] : extra[(i - 60) % 60].code;
    extra.push({ code: `G${String(i).padStart(4, "0")}`, name: `项目${i + 1}组`, nameEn: `Project ${i + 1}`, parent, weight: 3 });
  }
  return [...BASE_TREE, ...extra];
}

export function buildDemoOrg(opts: { seed?: number; employees?: number; departments?: number } = {}): DemoOrg {
  const seed = opts.seed ?? 20261122;
  const total = opts.employees ?? 200;
  const tree = opts.departments && opts.departments > BASE_TREE.length ? generatedTree(opts.departments) : BASE_TREE;
  const r = prng(seed);

  const departments: DemoDepartment[] = tree.map((d, i) => ({
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    parentCode: d.parent,
    wecomId: i + 1,
    dingtalkId: i === 0 ? 1 : 100_000 + i,
    order: i,
  }));

  const weighted = tree.filter((d) => d.weight > 0);
  const weightSum = weighted.reduce((s, d) => s + d.weight, 0);
  const pickDept = () => {
    let x = r() * weightSum;
    for (const d of weighted) {
      x -= d.weight;
      if (x <= 0) return d.code;
    }
    return weighted[weighted.length - 1].code;
  };

  const usedIds = new Map<string, number>();
  const employees: DemoEmployee[] = [];
  for (let i = 0; i < total; i++) {
    const [sn, sp] = SURNAMES[Math.floor(r() * SURNAMES.length)];
    const twoChars = r() < 0.7;
    const [g1, p1] = GIVEN[Math.floor(r() * GIVEN.length)];
    const [g2, p2] = GIVEN[Math.floor(r() * GIVEN.length)];
    const name = sn + g1 + (twoChars ? g2 : "");
    const base = sp + p1 + (twoChars ? p2 : "");
    const seen = usedIds.get(base) ?? 0;
    usedIds.set(base, seen + 1);
    const pinyin = seen === 0 ? base : `${base}${seen + 1}`;
    const no = `QD${String(i + 1).padStart(5, "0")}`;
    const mobile = `1${[3, 5, 7, 8, 9][Math.floor(r() * 5)]}${String(Math.floor(r() * 1e9)).padStart(9, "0")}`;
    const dept = i === 0 ? "D000" : pickDept();
    employees.push({
      employeeNo: no,
      name,
      pinyin,
      mobile,
      email: `${pinyin}@qiandao-demo.cn`,
      title: i === 0 ? "首席执行官" : titleFor(dept, r),
      departmentCode: dept,
      wecomUserId: pinyin.charAt(0).toUpperCase() + pinyin.slice(1),
      dingtalkUserId: String(1000_0000_0000 + Math.floor(r() * 9e11)).padStart(16, "0"),
      dingtalkUnionId: Array.from({ length: 22 }, () => "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(r() * 56)]).join(""),
      isLeader: false,
      role: "employee",
    });
  }

  // Leaders: the first employee found in each department leads it; the CEO leads the root.
  const ledDepts = new Set<string>();
  for (const e of employees) {
    if (!ledDepts.has(e.departmentCode)) {
      ledDepts.add(e.departmentCode);
      e.isLeader = true;
      if (e.departmentCode !== "D000") e.title = `${tree.find((d) => d.code === e.departmentCode)!.name}负责人`;
    }
  }
  // Centres (D100/D200/D300, regions) have no members of their own: promote a leader from a child.
  for (const d of tree) {
    if (ledDepts.has(d.code)) continue;
    const child = employees.find((e) => e.isLeader && tree.find((t) => t.code === e.departmentCode)?.parent === d.code);
    if (child) {
      ledDepts.add(d.code);
      (child as DemoEmployee & { alsoLeads?: string[] }).alsoLeads = [
        ...((child as DemoEmployee & { alsoLeads?: string[] }).alsoLeads ?? []),
        d.code,
      ];
    }
  }
  const hr = employees.filter((e) => e.departmentCode === "D400");
  for (const e of hr) e.role = "hr";
  const admin = employees.find((e) => e.departmentCode === "D110" && !e.isLeader);
  if (admin) admin.role = "admin";

  return { corpName: "千岛科技有限公司", departments, employees };
}

/** Departments an employee leads (own department when leader, plus parents promoted above). */
export function ledDepartmentCodes(e: DemoEmployee): string[] {
  const also = (e as DemoEmployee & { alsoLeads?: string[] }).alsoLeads ?? [];
  return [...(e.isLeader ? [e.departmentCode] : []), ...also];
}
